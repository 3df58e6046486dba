import pytest

from apps.projects.choices import ProjectStatus

from .factories import make_project


@pytest.fixture
def active(company):
    return make_project(company, status=ProjectStatus.ACTIVE)
