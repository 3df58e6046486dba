"""Bulk writes for large loads (the demo seed: 200,000 people and a year of every area).

Rows go to the database as plain tuples: COPY on PostgreSQL (psycopg's `cursor.copy`), batched
`executemany` on SQLite. Django's `bulk_create` spends most of a large load compiling each value
of each row (and, on PostgreSQL, dumping the rows into arrays for its UNNEST insert); here a
field's value is prepared only when its type needs it. No signals, no `save()`: callers are loads
that build derived data (search index, audit) afterwards or not at all.
"""

from collections.abc import Iterable, Sequence

from django.db import connection, models

BATCH = 5000

# Fields whose Python value is what the database driver takes as it is (on both databases).
_PLAIN = (
    models.AutoField,
    models.BigAutoField,
    models.SmallAutoField,
    models.IntegerField,
    models.BigIntegerField,
    models.SmallIntegerField,
    models.PositiveIntegerField,
    models.PositiveBigIntegerField,
    models.PositiveSmallIntegerField,
    models.BooleanField,
    models.CharField,
    models.TextField,
    models.SlugField,
    models.EmailField,
    models.URLField,
    models.ForeignKey,
    models.OneToOneField,
)
# … and what psycopg dumps natively, so COPY takes it without Django's adaptation.
_PLAIN_PG = (*_PLAIN, models.DateTimeField, models.DateField, models.DecimalField)


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _plain(field) -> bool:
    """Whether the field's Python value goes to the database as it is (no custom subclass)."""
    kinds = _PLAIN_PG if _is_postgres() else _PLAIN
    return isinstance(field, kinds) and type(field).__module__.startswith("django.")


def insert_rows(model, fields: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert `rows` (tuples in the order of `fields`: field names, foreign keys as ids) into
    `model`'s table. Values must be ready for the database: plain ints, strings, booleans and
    None, or what the field's `get_db_prep_save` gives (datetimes, JSON)."""
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    columns = ", ".join(qn(model._meta.get_field(f).column) for f in fields)
    made = 0
    with connection.cursor() as cursor:
        if _is_postgres():
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    made += 1
            return made
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                made += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            made += len(batch)
    return made


def allocate_ids(model, n: int) -> list[int]:
    """`n` fresh primary keys for `model`, so rows can be written with COPY and still be
    referred to. PostgreSQL draws them from the table's sequence; on SQLite (one writer) they
    follow the highest id."""
    if n <= 0:
        return []
    meta = model._meta
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        if _is_postgres():
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, n],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX({qn(meta.pk.column)}), 0) FROM {qn(meta.db_table)}")
        first = cursor.fetchone()[0] + 1
    return list(range(first, first + n))


def _getter(f, *, adding: bool):
    """How to read field `f`'s database value from an instance, doing only what its type needs."""
    if adding and (getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)):
        return lambda o: f.get_db_prep_save(f.pre_save(o, True), connection)
    if f.is_relation:
        # A related object assigned before it was saved: its id is known only now.
        def related_id(o):
            value = getattr(o, f.attname)
            return value if value is not None else getattr(f.get_cached_value(o, None), "pk", None)

        if _plain(f.target_field):
            return related_id
        return lambda o: f.get_db_prep_save(related_id(o), connection)  # a UUID key on SQLite
    if _plain(f):
        return lambda o: getattr(o, f.attname)
    if adding:
        return lambda o: f.get_db_prep_save(f.pre_save(o, True), connection)
    return lambda o: f.get_db_prep_save(getattr(o, f.attname), connection)


def insert(objs: Iterable[models.Model]) -> list[models.Model]:
    """`bulk_create` for large loads: unsaved instances of one model are written with
    `insert_rows`, with primary keys drawn by `allocate_ids` and set on them."""
    objs = list(objs)
    if not objs:
        return objs
    model = type(objs[0])
    meta = model._meta
    assert not meta.parents, "multi-table inheritance is not supported"
    fields = [f for f in meta.concrete_fields if not f.generated]
    missing = [o for o in objs if o.pk is None]
    for obj, pk in zip(missing, allocate_ids(model, len(missing)), strict=True):
        obj.pk = pk
    getters = [_getter(f, adding=True) for f in fields]
    insert_rows(model, [f.name for f in fields], (tuple(g(o) for g in getters) for o in objs))
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
    return objs


def update(model, objs: Sequence[models.Model], names: Sequence[str]) -> None:
    """`bulk_update` for large loads: one `UPDATE … WHERE id = %s` per row through
    executemany (Django's bulk_update builds a CASE WHEN per field over the whole batch, which
    grows with the square of the batch)."""
    if not objs:
        return
    qn = connection.ops.quote_name
    fields = [model._meta.get_field(n) for n in names]
    getters = [_getter(f, adding=False) for f in fields]
    sets = ", ".join(f"{qn(f.column)} = %s" for f in fields)
    sql = f"UPDATE {qn(model._meta.db_table)} SET {sets} WHERE {qn(model._meta.pk.column)} = %s"
    with connection.cursor() as cursor:
        for start in range(0, len(objs), BATCH):
            cursor.executemany(
                sql,
                [[*(g(o) for g in getters), o.pk] for o in objs[start : start + BATCH]],
            )
