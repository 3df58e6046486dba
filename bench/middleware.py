"""Counts the SQL queries of a request and times it inside Django: X-Query-Count, X-Server-Ms."""

import time
from contextlib import ExitStack

from django.db import connections


class QueryCountMiddleware:
    """Bench only (bench/settings.py): costs one function call per query, needs no DEBUG."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0
        started = time.perf_counter()

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with ExitStack() as stack:
            for connection in connections.all():
                stack.enter_context(connection.execute_wrapper(counter))
            response = self.get_response(request)
        response["X-Query-Count"] = str(count)
        response["X-Server-Ms"] = f"{(time.perf_counter() - started) * 1000:.1f}"
        return response
