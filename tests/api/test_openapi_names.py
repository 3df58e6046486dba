"""The OpenAPI document names every schema once, so each operation documents its own body.

Ninja keys components by class name: two areas' `SubmitIn` collapse into one, and
`POST /api/v1/appeals` was documented with the suggestion's fields.
"""

import inspect
import re
import typing
from collections import defaultdict

from ninja import Schema

from config.api import api


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _operations():
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                yield prefix, path, operation


def test_every_schema_class_name_is_unique():
    modules = defaultdict(set)
    for cls in _subclasses(Schema):
        if cls.__module__.startswith(("apps.", "config.")):
            modules[cls.__name__].add(cls.__module__)
    collisions = {name: sorted(m) for name, m in modules.items() if len(m) > 1}
    assert collisions == {}


def test_each_json_body_documents_the_handlers_own_fields():
    document = api.get_openapi_schema()
    checked = 0
    for prefix, path, operation in _operations():
        hints = typing.get_type_hints(operation.view_func, include_extras=True)
        bodies = [
            hints[name]
            for name in inspect.signature(operation.view_func).parameters
            if inspect.isclass(hints.get(name)) and issubclass(hints[name], Schema)
        ]
        if len(bodies) != 1:
            continue
        # A nested router (kpi's setup under /kpi) comes with a prefix of its own ("kpi/").
        route = re.sub(r"\{\w+:(\w+)\}", r"{\1}", f"/{prefix}/{path}")
        url = "/api/v1" + re.sub(r"/+", "/", route).rstrip("/")
        for method in operation.methods:
            documented = document["paths"][url][method.lower()]["requestBody"]["content"]
            name = documented["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
            fields = set(document["components"]["schemas"][name].get("properties", {}))
            assert fields == set(bodies[0].model_json_schema().get("properties", {})), (method, url)
            checked += 1
    assert checked > 50


def test_appeal_submit_documents_the_appeals_fields():
    document = api.get_openapi_schema()
    ref = document["paths"]["/api/v1/appeals"]["post"]["requestBody"]["content"][
        "application/json"
    ]["schema"]["$ref"]
    fields = document["components"]["schemas"][ref.rsplit("/", 1)[1]]["properties"]
    assert "anonymous" in fields or "category" in fields
