"""Database expressions every area's figures share."""

from datetime import timedelta

from django.db.models import CharField, Func
from django.utils import timezone


class LocalMonth(Func):
    """The month (YYYY-MM) a timestamp falls in, local time, computed in SQL. PostgreSQL converts
    with the time zone; SQLite shifts by the zone's current UTC offset (exact for zones without
    daylight saving, such as Asia/Shanghai). Django's TruncMonth on SQLite calls back into Python
    for every row: ten times slower over a year of records."""

    output_field = CharField()

    def as_sql(self, compiler, connection, **extra):  # PostgreSQL
        value, params = compiler.compile(self.source_expressions[0])
        zone = timezone.get_current_timezone_name()
        return f"to_char(({value} AT TIME ZONE %s), 'YYYY-MM')", (*params, zone)

    def as_sqlite(self, compiler, connection, **extra):
        value, params = compiler.compile(self.source_expressions[0])
        offset = timezone.localtime().utcoffset() or timedelta(0)
        minutes = int(offset.total_seconds() // 60)
        return f"strftime('%%Y-%%m', {value}, '{minutes:+d} minutes')", params
