"""Masking of personal numbers; who may see them whole is decided in apps.orgs.masking."""


def mask(value: str) -> str:
    """138****5678 for a phone; 110101********1234 for an ID number."""
    if not value:
        return ""
    if len(value) == 11:
        return f"{value[:3]}****{value[-4:]}"
    if len(value) >= 15:
        return f"{value[:6]}{'*' * (len(value) - 10)}{value[-4:]}"
    return value[:1] + "*" * (len(value) - 1)
