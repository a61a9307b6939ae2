"""JSON Lines that keep every value exactly, for `manage.py backup` (dumpdata format
"exactjsonl", settings.SERIALIZATION_MODULES).

Django's JSON encoder cuts datetimes and times to milliseconds; its XML format strips the
whitespace at both ends of every text and cannot hold control characters. This format writes
full timestamps; Django's own "jsonl" deserializer reads it back unchanged (`loaddata`
chooses it by the file's extension), line by line, so a large backup is not read at once.
"""

import datetime

from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(jsonl.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactJSONEncoder


Deserializer = jsonl.Deserializer
