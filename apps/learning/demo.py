def seed(*, rng, company_root, people, units, now, count):
    return {}
