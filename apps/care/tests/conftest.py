import pytest

from .factories import union_cadre


@pytest.fixture
def gonghui(company):
    """工会干部 of 生产部 (zhigong, bumen and shuji work there)."""
    return union_cadre(company)


@pytest.fixture
def tech_gonghui(company):
    """工会干部 of 技术部: 生产部's files are outside them."""
    return union_cadre(company, "tech_gonghui", "tech", "10091", "吴敏")
