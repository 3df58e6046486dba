"""Free-text search for every list, see decision 0011.

A searchable model registers its text fields (`register`, from its app's ready()). When a row is
written its text is segmented by jieba (with the domain dictionaries the areas add) and the words,
space-joined, are stored in one `SearchEntry` per row; the database keeps the full-text index on
that column (SQLite FTS5, PostgreSQL tsvector + GIN). A query is segmented the same way: every
word must be present, whole, and 工号/编号-like tokens (letters and digits) match as prefixes. The
matches join the caller's queryset — normally `visible_to(user)`, so scope still decides what is
seen — and come best first (bm25 / ts_rank) unless the list is sorted otherwise."""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import jieba
from django.db import connection, transaction
from django.db.models import Expression, FloatField, Q, QuerySet
from django.db.models.signals import post_delete, post_save
from django.db.models.sql.constants import INNER
from django.utils.html import strip_tags

from . import bulk
from .models import SearchEntry

# What counts as a word: runs of lower-case letters, digits and CJK ideographs. Anything else
# (punctuation, spaces) separates words, so the stored body is safe for both full-text syntaxes.
WORD = re.compile(r"[0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# A ledger number or 工号 as typed: SQ2026-000123, YH000042, E10023. Indexed (and queried) with
# its separators removed, as one token matched by prefix.
IDENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-_/.]*")
MAX_QUERY_TERMS = 12

_dictionaries: list[Path] = []


def add_dictionary(path: Path) -> None:
    """A jieba user dictionary an area adds (from its ready()), so its terms stay whole."""
    if path not in _dictionaries:
        _dictionaries.append(path)
        tokenizer.cache_clear()
        _cut.cache_clear()


@cache
def tokenizer() -> jieba.Tokenizer:
    """The one jieba tokenizer of the process, with every added dictionary."""
    tk = jieba.Tokenizer()
    for path in _dictionaries:
        tk.load_userdict(str(path))
    return tk


def warm() -> None:
    """Load jieba's dictionary now (a second or more), not in the first search a user makes:
    every app-server process calls it at start (config/wsgi.py)."""
    tokenizer().initialize()


def _words(pieces: Iterable[str]) -> list[str]:
    out = []
    for piece in pieces:
        out.extend(WORD.findall(piece.lower()))
    return out


def _idents(text: str) -> list[str]:
    return [c for c in (re.sub(r"[^0-9a-z]", "", m.lower()) for m in IDENT.findall(text)) if c]


@lru_cache(maxsize=100_000)
def _cut(line: str) -> tuple[str, ...]:
    return tuple(_words(tokenizer().cut_for_search(line)))


def index_terms(text: str) -> list[str]:
    """The words stored for a text: jieba's search-mode cut (a long word and its dictionary
    sub-words, so 职工食堂 is found by 食堂 too) and each number/工号 without separators. Cut
    line by line (jieba never joins words across a line break), each line's words remembered:
    rows written in bulk repeat their titles and phrases, so a reindex cuts each one once."""
    if not text:
        return []
    terms = [word for line in text.split("\n") for word in _cut(line)]
    seen = set(terms)
    terms += [i for i in _idents(text) if i not in seen]
    return terms


def query_terms(text: str) -> list[tuple[str, bool]]:
    """The user's text as (word, prefix?) pairs: letters-and-digits tokens (a 工号, a 编号, a
    name's initials) match by prefix, Chinese words whole. At most MAX_QUERY_TERMS."""
    text = (text or "").strip()[:200]
    terms: dict[str, bool] = {}
    for ident in _idents(text):
        terms.setdefault(ident, True)
    rest = IDENT.sub(" ", text)
    for word in _words(tokenizer().lcut(rest)):
        terms.setdefault(word, False)
    return list(terms.items())[:MAX_QUERY_TERMS]


# --- the registry ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Searchable:
    """A model's searchable text: `fields` (the first, the title, counts twice) and `extra(obj)`
    for derived text (a ledger number, a name's characters). `watch` lists the further fields
    whose change must re-index the row."""

    model: type
    fields: tuple[str, ...]
    extra: Callable | None = None
    watch: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        return self.model._meta.label_lower

    def document(self, obj) -> str:
        texts = [str(getattr(obj, f) or "") for f in self.fields]
        texts = [strip_tags(t) if "<" in t else t for t in texts]  # a post's body is HTML
        texts.insert(0, texts[0])
        if self.extra:
            texts.extend(self.extra(obj))
        return " ".join(index_terms("\n".join(texts)))


_registry: dict[str, Searchable] = {}


def register(model, *, fields: tuple[str, ...], extra=None, watch: tuple[str, ...] = ()):
    """Make `model` searchable: its rows are indexed on save and dropped on delete."""
    spec = Searchable(model, tuple(fields), extra, tuple(watch))
    _registry[spec.kind] = spec
    uid = f"search-{spec.kind}"
    post_save.connect(_on_save, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(_on_delete, sender=model, weak=False, dispatch_uid=uid)
    return spec


def registered() -> dict[str, Searchable]:
    return dict(_registry)


def _indexable(obj) -> bool:
    return getattr(obj, "deleted_at", None) is None


def _on_save(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw:
        return
    spec = _registry[sender._meta.label_lower]
    if update_fields is not None:
        relevant = set(spec.fields) | set(spec.watch) | {"deleted_at"}
        if not relevant & set(update_fields):
            return
    index_object(instance, spec=spec)


def _on_delete(sender, instance, **kwargs):
    SearchEntry.objects.filter(kind=sender._meta.label_lower, object_id=instance.pk).delete()


def index_object(obj, *, spec: Searchable | None = None) -> None:
    """Store (or drop, for a soft-deleted row) one row's words."""
    spec = spec or _registry[obj._meta.label_lower]
    if not _indexable(obj):
        SearchEntry.objects.filter(kind=spec.kind, object_id=obj.pk).delete()
        return
    SearchEntry.objects.update_or_create(
        kind=spec.kind, object_id=obj.pk, defaults={"body": spec.document(obj)}
    )


ENTRY_FIELDS = ("kind", "object_id", "body")


def reindex(kinds: Iterable[str] | None = None, *, batch: int = 5000) -> dict[str, int]:
    """Rebuild the index of the given kinds (all by default): for rows written in bulk
    (bulk writes skip the signals: the demo seeders) or after a dictionary change."""
    done = {}
    for kind in kinds or sorted(_registry):
        spec = _registry[kind]
        rows = spec.model._base_manager.order_by("pk")
        if any(f.name == "deleted_at" for f in spec.model._meta.concrete_fields):
            rows = rows.filter(deleted_at__isnull=True)
        with transaction.atomic():
            SearchEntry.objects.filter(kind=kind).delete()
            # Written a batch at a time through the bulk writer (COPY on PostgreSQL).
            entries, count = [], 0
            for obj in rows.iterator(chunk_size=batch):
                entries.append((kind, obj.pk, spec.document(obj)))
                if len(entries) >= batch:
                    count += bulk.insert_rows(SearchEntry, ENTRY_FIELDS, entries)
                    entries = []
            done[kind] = count + bulk.insert_rows(SearchEntry, ENTRY_FIELDS, entries)
    return done


# --- the query -------------------------------------------------------------------------------


def _fts5_query(terms) -> str:
    return " ".join(f'"{t}"*' if prefix else f'"{t}"' for t, prefix in terms)


def _tsquery(terms) -> str:
    return " & ".join(f"'{t}':*" if prefix else f"'{t}'" for t, prefix in terms)


def _hits_sql(kind: str, terms) -> tuple[str, list]:
    """(object_id, rank) of the matching rows of `kind`, rank ascending = best first."""
    if connection.vendor == "postgresql":
        sql = (
            "SELECT e.object_id, -ts_rank(e.vector, q.query) AS rank "
            "FROM core_searchentry e, to_tsquery('simple', %s) AS q(query) "
            "WHERE e.kind = %s AND e.vector @@ q.query"
        )
        return sql, [_tsquery(terms), kind]
    # CROSS JOIN keeps the FTS5 match as the outer loop; OFFSET 0 keeps the subquery from being
    # flattened into the caller's query (which could then run the match once per row).
    sql = (
        "SELECT e.object_id, bm25(core_searchentry_fts) AS rank "
        "FROM core_searchentry_fts CROSS JOIN core_searchentry e "
        "ON e.id = core_searchentry_fts.rowid "
        "WHERE core_searchentry_fts MATCH %s AND e.kind = %s LIMIT -1 OFFSET 0"
    )
    return sql, [_fts5_query(terms), kind]


class _HitsJoin:
    """`INNER JOIN (<hits>) alias ON alias.object_id = <model>.<pk>` in a queryset's FROM
    clause. Relabelled like any join, so the queryset still works as a subquery."""

    join_type = INNER
    nullable = False
    filtered_relation = None
    join_field = None

    def __init__(self, sql, params, parent_alias, pk_column, table_alias="search_hits"):
        self.sql, self.params = sql, params
        self.parent_alias, self.pk_column = parent_alias, pk_column
        self.table_name = "search_hits"
        self.table_alias = table_alias

    def as_sql(self, compiler, conn):
        qn = conn.ops.quote_name
        parent = compiler.quote_name_unless_alias(self.parent_alias)
        alias = qn(self.table_alias)
        on = f"{alias}.object_id = {parent}.{qn(self.pk_column)}"
        return f"INNER JOIN ({self.sql}) {alias} ON ({on})", list(self.params)

    def relabeled_clone(self, change_map):
        return self.__class__(
            self.sql,
            self.params,
            change_map.get(self.parent_alias, self.parent_alias),
            self.pk_column,
            change_map.get(self.table_alias, self.table_alias),
        )

    @property
    def identity(self):
        return (self.__class__, self.sql, tuple(self.params), self.parent_alias)

    def __eq__(self, other):
        return isinstance(other, _HitsJoin) and self.identity == other.identity

    def __hash__(self):
        return hash(self.identity)

    def demote(self):
        return self

    def promote(self):
        return self


class _Rank(Expression):
    """The joined hit's rank (lower is better)."""

    output_field = FloatField()

    def __init__(self, alias):
        super().__init__()
        self.alias = alias

    def as_sql(self, compiler, conn):
        return f"{conn.ops.quote_name(self.alias)}.rank", []

    def relabeled_clone(self, change_map):
        return _Rank(change_map.get(self.alias, self.alias))

    def get_group_by_cols(self):
        return [self]


def indexed(model) -> bool:
    """Whether the index holds any row of `model` (an empty one means search falls back)."""
    return SearchEntry.objects.filter(kind=model._meta.label_lower).exists()


def contains_q(fields: Iterable[str], text: str) -> Q:
    cond = Q(pk__in=[])
    for field in fields:
        cond |= Q(**{f"{field}__contains": text})
    return cond


def is_searchable(model) -> bool:
    return model._meta.label_lower in _registry


def ranked(qs: QuerySet, order) -> QuerySet:
    """`qs` sorted by `order`, after the search rank when `qs` is a search's result."""
    if "search_rank" in qs.query.annotations:
        return qs.order_by("search_rank", *order)
    return qs.order_by(*order)


def apply(qs: QuerySet, text: str, *, fallback: Callable | None = None) -> QuerySet:
    """`qs` narrowed to the rows matching `text`, best first. `fallback(qs, text)` (by default
    "a field contains the text") answers while the model's index is still empty."""
    text = (text or "").strip()
    if not text:
        return qs
    spec = _registry[qs.model._meta.label_lower]
    if not indexed(qs.model):
        if fallback is not None:
            return fallback(qs, text)
        return qs.filter(contains_q(spec.fields, text))
    terms = query_terms(text)
    if not terms:
        return qs.none()
    sql, params = _hits_sql(spec.kind, terms)
    qs = qs.all()
    query = qs.query
    join = _HitsJoin(sql, params, query.get_initial_alias(), qs.model._meta.pk.column)
    alias = query.join(join)
    query.search_hits_alias = alias  # Query.clone copies it along
    return qs.alias(search_rank=_Rank(alias)).order_by("search_rank", "-pk")


def unranked(qs: QuerySet) -> QuerySet:
    """`qs` without its search join and order: for loading rows whose ids a search already chose
    (the paginator's second step), so the match is not run again."""
    qs = qs.order_by()
    query = qs.query
    alias = getattr(query, "search_hits_alias", None)
    if alias is None or alias not in query.alias_map:
        return qs
    del query.alias_map[alias]
    query.alias_refcount.pop(alias, None)
    query.table_map = {
        name: [a for a in aliases if a != alias] for name, aliases in query.table_map.items()
    }
    query.annotations = {k: v for k, v in query.annotations.items() if k != "search_rank"}
    query.search_hits_alias = None
    return qs
