"""Demo 谈心谈话 (filled in below)."""


def seed(*, rng, company_root, people, units, now, count) -> dict:
    return {}
