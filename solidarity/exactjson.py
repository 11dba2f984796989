"""
Django's JSON serialisation, keeping microseconds.

DjangoJSONEncoder cuts datetimes to milliseconds (as ECMA-262 dates do), so a
dumpdata/loaddata round trip changes every timestamp. export_content writes
with this format instead; the files are plain JSON that `loaddata` (and
import_content) read as usual.
"""

import datetime

from django.core.serializers.json import Deserializer, DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer

__all__ = ["Deserializer", "Serializer"]


class ExactEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactEncoder
