"""Demo 人才队伍: placeholder replaced below."""


def seed(*, rng, company_root, people, units, now, count) -> dict:
    return {}
