"""The English translation of the foundation pages, and Chinese as the default."""

import re
from pathlib import Path

import pytest
from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
FOUNDATION = ("apps/core/", "apps/accounts/", "apps/orgs/", "templates/", "config/")
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3001-\u303f“”]+")


def po_entries(path=PO):
    """(occurrences, msgid, [msgstr...]) for every entry of a .po file (no polib here)."""
    entries, current, key = [], None, None

    def unquote(s):
        return s[1:-1].encode("raw_unicode_escape").decode("unicode_escape")

    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if current and current["msgid"]:
                strs = [v for k, v in current.items() if k.startswith("msgstr")]
                entries.append((current["#:"], current["msgid"], strs))
            current, key = None, None
            continue
        current = current or {"#:": [], "msgid": ""}
        if line.startswith("#:"):
            current["#:"] += [o.rsplit(":", 1)[0] for o in line[2:].split()]
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            current[key] += unquote(line)
        else:
            key, value = line.split(" ", 1)
            current[key] = unquote(value)
    return entries


def english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    return client


def leftover_chinese(html):
    """Chinese runs in the visible text, after dropping tags, scripts and attribute values."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", html)
    return set(CJK.findall(text))


def test_every_foundation_msgid_has_an_english_translation():
    entries = po_entries()
    foundation = [e for e in entries if any(o.startswith(FOUNDATION) for o in e[0])]
    assert len(foundation) > 400
    untranslated = [msgid for _occ, msgid, strs in foundation if not all(strs)]
    assert untranslated == []
    assert "fuzzy" not in PO.read_text(encoding="utf-8")


def data_words(company):
    """Chinese that is data, not interface: names of units and people, posts, avatar initials,
    the logo glyph, the switch back to 简体中文 (a language is named in its own language) and the
    roster's column headers (the Excel file format is Chinese whatever the interface language)."""
    from apps.orgs.models import OrgUnit, PartyMembership, Person
    from apps.orgs.roster.columns import HEADER

    words = {"同", "简体中文", *HEADER.values()}
    words |= set(OrgUnit.objects.values_list("name", flat=True))
    names = set(Person.objects.values_list("name", flat=True))
    words |= names | {n[0] for n in names}
    words |= set(PartyMembership.objects.values_list("party_post", flat=True))
    return words


def test_default_language_is_chinese(client, company):
    html = client.get("/accounts/login/").content.decode()
    assert '<html lang="zh-hans"' in html
    assert "登录" in html and "密码" in html
    assert "Log in" not in html

    client.force_login(company.users["shuji"])
    html = client.get("/").content.decode()
    assert "工作台" in html and "人员名册" in html
    assert "Workbench" not in html


def test_login_page_in_english(client, company):
    english(client)
    html = client.get("/accounts/login/").content.decode()
    assert '<html lang="en"' in html
    for text in ("Log in", "Username / employee no. / mobile", "Password"):
        assert text in html
    assert leftover_chinese(html) <= data_words(company)


def test_wrong_password_message_in_english(client, company):
    english(client)
    response = client.post("/accounts/login/", {"username": "shuji", "password": "nope-nope"})
    assert "Wrong account or password." in response.content.decode()


PAGES = {
    "/": ("Workbench", "Hello, 王建国", "To-dos and reminders", "Import roster", "Log out"),
    "/orgs/": ("Org chart", "Search units", "Include dissolved"),
    "/orgs/people/": ("Roster", "Name, employee no. or pinyin initials", "Export to Excel"),
    "person": (
        "Party membership",
        "Political status",
        "CPC member",
        "Full member",
        "Union and youth league",
    ),
    "/orgs/import/": ("Import roster", "Upload and validate", "Download the import template"),
    "/notifications/": ("Notifications", "Unread", "No notifications."),
    "/accounts/me/": ("My profile", "My roles", "Branch secretary", "Personal API tokens"),
    "/accounts/password/": ("Change password", "Save new password"),
}


@pytest.mark.parametrize("path", list(PAGES))
def test_foundation_page_in_english(client, company, path):
    client.force_login(company.users["shuji"])
    english(client)
    url = f"/orgs/people/{company.people['shuji'].pk}/" if path == "person" else path
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    for text in PAGES[path]:
        assert text in html, text
    # No interface text left in Chinese: whatever Chinese remains is the company's own data.
    assert leftover_chinese(html) <= data_words(company)


def test_role_grants_page_in_english(client, company):
    client.force_login(company.users["dangwei"])
    english(client)
    html = client.get("/accounts/roles/").content.decode()
    for text in ("Grant a role", "Granted roles", "All roles", "Revoke"):
        assert text in html, text
    assert leftover_chinese(html) <= data_words(company)


def test_unit_page_in_english(client, company):
    client.force_login(company.users["shuji"])
    english(client)
    html = client.get(f"/orgs/units/{company.units['prod'].pk}/").content.decode()
    for text in ("Sub-units", "People (incl. sub-units)", "Head", "History"):
        assert text in html, text
    assert leftover_chinese(html) <= data_words(company)


def test_switching_back_to_chinese(client, company):
    client.force_login(company.users["shuji"])
    english(client)
    assert "Workbench" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "工作台" in client.get("/").content.decode()


def test_strings_marked_with_the_lazy_alias_are_translated():
    """Modules import gettext_lazy as `_l`; makemessages must extract those too."""
    from apps.hazards.services import REFUSALS

    translated = {msgid: strs for _occ, msgid, strs in po_entries()}
    for message in REFUSALS.values():
        assert all(translated.get(str(message)) or [""]), str(message)
