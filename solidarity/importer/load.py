"""Write parsed seed documents into the database, idempotently.

Each record gets a stable `source_key` ("FILE#item-3", "FILE#item-2/meeting-1":
the file's name and the item's position), so a re-import finds what it made
before and updates it instead of adding a duplicate. `source_hash` holds a hash
of what the seed said and one of the row as the importer saved it: if the
row no longer matches the second, an editor has changed it in the admin and
it is left alone unless `force`. One transaction per file: a file that
fails leaves nothing behind.
"""

import datetime
import hashlib
import json
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from appeals.models import Appeal, CampaignPage, SolidarityMessage
from posts.models import Article, Country, Event, Post
from solidarity import audit
from solidarity.sanitize import clean_html

from . import parse
from .language import detect

MAX_FILE_SIZE = 5 * 1024 * 1024
UNDATED = Post.UNDATED
# A meeting whose city the text does not name: the site's own zone.
DEFAULT_ZONE = "Europe/London"
KINDS = ("article", "appeal", "meeting", "message", "page")


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  # changed by an editor since the import: left alone
    needs_review: int = 0


@dataclass
class FileResult:
    name: str
    shape: str = ""
    error: str = ""
    tallies: dict = field(default_factory=lambda: {k: Tally() for k in KINDS})
    warnings: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    review: list = field(default_factory=list)
    changes: list = field(default_factory=list)
    dates: list = field(default_factory=list)

    def count(self, what):
        return sum(getattr(t, what) for t in self.tallies.values())


def read_seed(path):
    """The text of a seed file, or SeedError saying plainly what is wrong."""
    path = Path(path)
    if not path.exists():
        raise parse.SeedError("no such file")
    if not path.is_file():
        raise parse.SeedError("not a regular file")
    size = path.stat().st_size
    if size > MAX_FILE_SIZE:
        raise parse.SeedError(
            f"{size:,} bytes is too large for a page (limit {MAX_FILE_SIZE:,})"
        )
    data = path.read_bytes()
    if b"\x00" in data:
        raise parse.SeedError("binary file (it contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise parse.SeedError(
            f"not UTF-8 text (byte 0x{data[error.start]:02x} cannot be decoded)",
            line=line,
        ) from None


def import_file(path, *, force=False, dry_run=False, today=None):
    """Import one seed file in its own transaction; never raises for bad
    input: the result's `error` says what went wrong."""
    path = Path(path)
    result = FileResult(name=path.name)
    try:
        text = read_seed(path)
        document = parse.parse_document(text, today=today or timezone.localdate())
    except parse.SeedError as error:
        where = f"{path}:{error.line}" if error.line else str(path)
        result.error = f"{where}: {error}"
        return result
    result.shape = document.shape
    try:
        with transaction.atomic():
            _Loader(result, force=force, dry_run=dry_run).load(document)
            if dry_run:
                transaction.set_rollback(True)
    except Exception as error:  # noqa: BLE001 -- one bad file must not stop the rest
        failed = FileResult(name=path.name, shape=document.shape)
        failed.error = (
            f"{path}: nothing imported from this file ({type(error).__name__}: {error})"
        )
        return failed
    return result


def _html(paragraphs):
    return clean_html("".join(f"<p>{escape(p)}</p>" for p in paragraphs))


def _plain(title, paragraphs):
    """A post's words for language detection: its title and text."""
    return "\n".join((title, *paragraphs))


def _normalise(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if hasattr(value, "code"):  # django-countries' Country
        return value.code or ""
    return value


def _fingerprint(values):
    """32 hex digits (128 bits): `source_hash` holds two of them, the hash of
    what the seed said and the hash of the row as saved. The first tells a
    changed seed, the second an editor's change, even where saving
    normalises a value (sanitised HTML, a meeting's venue country)."""
    canonical = {name: _normalise(value) for name, value in values.items()}
    data = json.dumps(canonical, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode()).hexdigest()[:32]


def _stored(obj, names):
    values = {name: getattr(obj, name) for name in names if name != "countries"}
    if "countries" in names:
        values["countries"] = sorted(obj.countries.values_list("code", flat=True))
    return values


class _Loader:
    def __init__(self, result, *, force, dry_run):
        self.result = result
        self.force = force
        self.dry_run = dry_run
        self.now = timezone.now()

    def load(self, document):
        name = self.result.name
        for notice in document.warnings:
            self.result.warnings.append(f"{name}:{notice.line}: {notice.text}")
        for notice in document.skipped:
            self.result.skipped.append(f"{name}:{notice.line}: {notice.text}")
        for record in document.records:
            if isinstance(record, parse.Story):
                self.story(record)
            elif isinstance(record, parse.Meeting):
                self.meeting(record)
            elif isinstance(record, parse.Message):
                self.message(record)
            elif isinstance(record, parse.PageText):
                self.page(record)

    def _moment(self, when, record):
        """A stored datetime for a record's date at its precision: noon
        local time on the day (or the month's or year's estimate), minus
        the record's position in seconds, so that a listing keeps its order
        among equal dates; an unknown date is UNDATED, which sorts after
        every dated post and is never shown."""
        position = datetime.timedelta(seconds=record.line)
        if when.date is None or when.precision == Post.DatePrecision.UNKNOWN:
            return UNDATED - position
        noon = datetime.datetime.combine(when.date, datetime.time(12))
        return timezone.make_aware(noon) - position

    def _note_date(self, label, record, when):
        where = f"{self.result.name}:{record.line}"
        self.result.dates.append(f"{where}: {label}: {when}")

    def story(self, record):
        model = Appeal if record.kind == parse.APPEAL else Article
        existing = self._existing(record.key)
        values = {
            "title": record.title,
            "summary": record.summary,
            "body": _html(record.paragraphs),
            "byline": parse.clip(record.byline, 300),
            "status": Post.Status.DRAFT if record.review else Post.Status.PUBLISHED,
            "needs_review": bool(record.review),
            "published_at": self._moment(record.when, record),
            "date_precision": record.when.precision,
            "countries": sorted(record.countries),
            "language": detect(_plain(record.title, record.paragraphs)),
        }
        self._save(model, record.kind, record, existing, values, record.review)

    def meeting(self, record):
        existing = self._existing(record.key)
        zone = record.timezone or DEFAULT_ZONE
        tz = zoneinfo.ZoneInfo(zone)
        countries = set(record.countries) | (
            {record.country} if record.country else set()
        )
        review = list(record.review)
        if record.starts is None:
            starts, ends = UNDATED, None
        else:
            starts = timezone.make_aware(record.starts, tz)
            ends = timezone.make_aware(record.ends, tz) if record.ends else None
        values = {
            "title": record.title,
            "summary": parse.clip(record.paragraphs[0], parse.SUMMARY_LIMIT)
            if record.paragraphs
            else "",
            "body": _html(record.paragraphs),
            "status": Post.Status.DRAFT if review else Post.Status.PUBLISHED,
            "needs_review": bool(review),
            "published_at": min(self._moment(record.published, record), starts),
            "date_precision": record.when.precision,
            "starts_at": starts,
            "ends_at": ends,
            "timezone": zone,
            "venue_name": parse.clip(record.venue, 200),
            "address": parse.clip(record.address, 300),
            "city": parse.clip(record.city, 100),
            "country": record.country,
            "countries": sorted(countries),
            "language": detect(_plain(record.title, record.paragraphs)),
        }
        self._save(Event, "meeting", record, existing, values, review)

    def message(self, record):
        existing = self._existing(record.key)
        values = {
            "author_name": parse.clip(record.author, 200),
            "role": parse.clip(record.role, 200),
            "organisation": parse.clip(record.organisation, 200),
            "city": parse.clip(record.city, 100),
            "country": record.country,
            "text": record.text,
            "moderation": SolidarityMessage.Moderation.APPROVED,
            "needs_review": False,
            "received_at": self._moment(record.when, record),
            "date_precision": record.when.precision,
            "language": detect(record.text),
        }
        self._save(SolidarityMessage, "message", record, existing, values, ())

    def _existing(self, key):
        return Post.objects.filter(source_key=self._key(key)).first()

    def _key(self, key):
        return f"{self.result.name}#{key}"

    def _save(self, model, kind, record, existing, values, review):
        tally = self.result.tallies[kind]
        countries = values.pop("countries", None)
        fields = list(values) + (["countries"] if countries is not None else [])
        wanted = dict(values)
        if countries is not None:
            wanted["countries"] = countries
        desired = _fingerprint(wanted)
        title = getattr(record, "title", None) or f"from {values['author_name']}"
        label = f"{kind} “{title}”"
        where = f"{self.result.name}:{record.line}"
        self._note_date(label, record, record.when)
        if existing is not None and existing.kind != model.KIND:
            tally.kept += 1
            self.result.warnings.append(
                f"{where}: {existing.source_key} is now a {kind}, was a "
                f"{existing.kind}; left alone"
            )
            return
        if existing is None:
            obj = model(source_key=self._key(record.key), **values)
            action = "created"
        else:
            obj = existing.specific
            imported, saved = obj.source_hash[:32], obj.source_hash[32:]
            current = _fingerprint(_stored(obj, fields))
            if current != saved and not self.force:
                tally.kept += 1
                self.result.warnings.append(
                    f"{where}: {label} was changed in the admin since the last "
                    "import; left alone (use --force to overwrite)"
                )
                return
            if desired == imported and current == saved:
                tally.unchanged += 1
                self._note_review(tally, label, where, review)
                return
            for name, value in values.items():
                setattr(obj, name, value)
            action = "updated"
        obj.save()
        if countries is not None:
            self._set_countries(obj, countries)
        obj.source_hash = desired + _fingerprint(_stored(obj, fields))
        Post.objects.filter(pk=obj.pk).update(source_hash=obj.source_hash)
        setattr(tally, action, getattr(tally, action) + 1)
        self._change(action, label)
        self._note_review(tally, label, where, review)
        audit.record(None, audit.Action.IMPORT, obj, f"{action} from {where}")

    def _change(self, action, label):
        verb = {"created": "create", "updated": "update"}[action]
        self.result.changes.append(
            f"would {verb} {label}" if self.dry_run else f"{action} {label}"
        )

    def _note_review(self, tally, label, where, review):
        if review:
            tally.needs_review += 1
            self.result.review.append(f"{where}: {label}: {'; '.join(review)}")

    @staticmethod
    def _set_countries(obj, codes):
        from django_countries import countries as names

        for code in codes:
            Country.objects.get_or_create(
                code=code, defaults={"name": names.name(code)}
            )
        obj.countries.set(codes)

    def page(self, record):
        tally = self.result.tallies["page"]
        title = parse.clip(record.title, 200)
        body = _html(record.paragraphs)
        label = f"{record.key} page “{title}”"
        page = CampaignPage.objects.filter(key=record.key).first()
        if page is None:
            page = CampaignPage(key=record.key)
            action = "created"
        elif (page.title, page.body) == (title, body):
            tally.unchanged += 1
            return
        elif self.force:
            action = "updated"
        else:
            # CampaignPage keeps no hash: any difference may be an editor's.
            tally.kept += 1
            self.result.warnings.append(
                f"{self.result.name}:{record.line}: the {label} differs from "
                "the seed; left alone (use --force to overwrite)"
            )
            return
        page.title, page.body = title, body
        page.source_key = self._key(f"page-{record.key}")
        page.save()
        setattr(tally, action, getattr(tally, action) + 1)
        self._change(action, label)
