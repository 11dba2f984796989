"""
Generate realistic bulk content for scale work and benchmarks.

    python manage.py generate_content --articles 100000 --appeals 20000 \\
        --events 20000 --messages 1000000

Articles, appeals, meetings and messages of solidarity with tags, countries,
bylines, dates over fifteen years, and the odd draft, scheduled or expired
post and unapproved message, so the public rules have something to hide.

Fast on either database: Django's bulk_create refuses multi-table-inherited
models, so each batch bulk_creates the `Post` parents (their ids come back
on PostgreSQL and SQLite), then inserts the kinds' own rows with one
multi-row INSERT of the child table's local columns, then the tag and
country links with bulk_create. On PostgreSQL the search vector is filled by
the trigger as rows go in, and the tables are analysed at the end.

Not for production databases: it adds thousands of made-up posts.
"""

import random
import time
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

from appeals.models import Appeal, SolidarityMessage
from posts.models import Article, Country, Event, Post, TaggedPost
from solidarity.pagecache import content_changed

COUNTRIES = [
    "VE",
    "GB",
    "IE",
    "ES",
    "FR",
    "DE",
    "IT",
    "PT",
    "PL",
    "GR",
    "TR",
    "IR",
    "PK",
    "IN",
    "BD",
    "ID",
    "PH",
    "MX",
    "BR",
    "AR",
    "CL",
    "CO",
    "BO",
    "PE",
    "EC",
    "US",
    "CA",
    "ZA",
    "NG",
    "KE",
    "EG",
    "MA",
    "TN",
    "SE",
    "NO",
    "DK",
    "FI",
    "NL",
    "BE",
    "AT",
    "CH",
    "RU",
    "UA",
    "GE",
    "AU",
    "NZ",
    "JP",
    "KR",
]
TAGS = [
    "Venezuela",
    "Labour rights",
    "Trade unions",
    "Strikes",
    "Repression",
    "Oil workers",
    "Miners",
    "Dockers",
    "Teachers",
    "Health workers",
    "Students",
    "Women",
    "Land",
    "Housing",
    "Imperialism",
    "Sanctions",
    "Elections",
    "Referendum",
    "Cooperatives",
    "Occupations",
    "Factory committees",
    "Media",
    "Political prisoners",
    "Hunger strike",
    "Solidarity",
    "Internationalism",
    "Youth",
    "Peasants",
    "Indigenous peoples",
    "Climate",
    "Pensions",
    "Wages",
    "Privatisation",
    "Nationalisation",
    "Agrarian reform",
    "Education",
    "Public services",
    "Transport",
    "Steel",
    "Textiles",
    "Call centres",
    "Migrants",
    "Refugees",
    "Anti-war",
]
BYLINES = [
    "Campaign correspondent",
    "International secretary",
    "Hands Off Venezuela",
    "Editorial board",
    "Ana Rodríguez",
    "Jorge Martín",
    "Siobhán Kelly",
    "Tomasz Nowak",
    "Leila Hosseini",
    "Kwame Mensah",
    "Marta Gómez",
    "Pierre Lefèvre",
    "Ingrid Solberg",
    "Ravi Shankar",
    "Nomvula Dlamini",
    "Diego Hernández",
]
WORKERS = [
    "Miners",
    "Dockers",
    "Teachers",
    "Nurses",
    "Oil workers",
    "Car workers",
    "Students",
    "Bus drivers",
    "Steel workers",
    "Textile workers",
    "Peasants",
    "Call-centre workers",
    "Rail workers",
]
ACTIONS = [
    "strike",
    "picket the embassy",
    "occupy the factory",
    "march on the capital",
    "win their claim",
    "defy the ban",
    "demand reinstatement",
    "vote to fight on",
]
CITIES = [
    "Caracas",
    "London",
    "Dublin",
    "Madrid",
    "Paris",
    "Berlin",
    "Rome",
    "Lisbon",
    "Warsaw",
    "Athens",
    "Istanbul",
    "Tehran",
    "Karachi",
    "Mumbai",
    "Dhaka",
    "Jakarta",
    "Manila",
    "Mexico City",
    "São Paulo",
    "Buenos Aires",
    "Santiago",
    "Bogotá",
    "La Paz",
    "Lima",
    "Quito",
    "Montreal",
    "Toronto",
    "Johannesburg",
    "Lagos",
    "Nairobi",
    "Cairo",
    "Stockholm",
    "Oslo",
    "Copenhagen",
    "Amsterdam",
    "Brussels",
    "Vienna",
]
SENTENCES = [
    "Workers gathered at dawn outside the gates and refused to start the shift.",
    "The union's delegates voted unanimously to continue the action.",
    "Management answered with threats of dismissal and a lock-out.",
    "Messages of solidarity arrived from unions in a dozen countries.",
    "Police were sent to break up the picket, but the workers held firm.",
    "The ministry has so far refused to meet the elected representatives.",
    "Supporters collected signatures and money for the strike fund.",
    "A public meeting heard speakers from the factory committee.",
    "The campaign calls on every trade union to send a protest letter.",
    "Wages have not kept up with prices for three years running.",
    "The occupation has now lasted for more than a month.",
    "Local residents brought food and blankets to the strikers.",
    "The arrested activists must be released without conditions.",
    "Journalists who reported on the dispute were also harassed.",
    "A delegation travelled to the embassy to hand in the petition.",
    "The workers demand the reinstatement of their sacked colleagues.",
    "Students walked out of classes to join the demonstration.",
    "The government's sanctions hit the poorest families hardest.",
    "In the referendum the majority voted for the constitutional amendment.",
    "Oil workers elected their own committee to run the plant.",
    "Teachers say the cuts will close dozens of rural schools.",
    "The solidarity campaign held pickets in twelve countries at once.",
    "Speakers thanked the international labour movement for its support.",
    "The company's profits rose while the workforce was cut by half.",
]
# A few words that occur rarely, so the benchmark has a rare word to find.
RARE_WORDS = ["Guaidó", "Zamora", "Mitsubishi", "Sidor", "Inveval", "Alcasa"]
FIRST_NAMES = [
    "Maria",
    "José",
    "Ahmed",
    "Fatima",
    "John",
    "Aoife",
    "Piotr",
    "Olga",
    "Chen",
    "Amina",
    "Luis",
    "Sara",
    "Kofi",
    "Emma",
    "Raúl",
    "Ingrid",
    "Ali",
    "Yuki",
    "Nadia",
    "Carlos",
]
LAST_NAMES = [
    "Lopez",
    "Smith",
    "Khan",
    "Murphy",
    "Nowak",
    "Ivanova",
    "Wang",
    "Diallo",
    "García",
    "Berg",
    "Mensah",
    "Rossi",
    "Silva",
    "Haddad",
    "Tanaka",
    "Okafor",
    "Martín",
    "Novak",
]
ORGANISATIONS = [
    "Dockers' Union",
    "Teachers' Federation",
    "Miners' Lodge",
    "Transport Workers' Union",
    "Nurses' Association",
    "Students' Union",
    "Trades Council",
    "Metalworkers' Union",
    "",
    "",
    "",
]
YEARS = 15


class Generator:
    def __init__(self, seed, stdout, verbosity):
        self.random = random.Random(seed)
        self.stdout = stdout
        self.verbosity = verbosity
        self.now = timezone.now()
        self.run = f"{self.random.getrandbits(32):08x}"
        self.counter = 0
        self.paragraphs = [self.paragraph() for _ in range(300)]

    # Text

    def paragraph(self):
        sentences = self.random.sample(SENTENCES, self.random.randint(3, 6))
        return " ".join(sentences)

    def body(self, paragraphs=4):
        chosen = self.random.sample(self.paragraphs, paragraphs)
        if self.random.random() < 0.002:
            chosen[0] += f" {self.random.choice(RARE_WORDS)} was mentioned."
        return "".join(f"<p>{text}</p>" for text in chosen)

    def headline(self):
        r = self.random
        return (
            f"{r.choice(WORKERS)} in {r.choice(CITIES)} {r.choice(ACTIONS)}"
            f"{r.choice(['', '', ' again', ' for a second week', ' despite arrests'])}"
        )

    def slug(self, title):
        self.counter += 1
        return f"{slugify(title)[:70]}-{self.run}-{self.counter}"

    def published_state(self, when):
        """status, published_at, expires_at: mostly public, some hidden."""
        roll = self.random.random()
        if roll < 0.02:
            return Post.Status.DRAFT, when, None
        if roll < 0.025:
            return Post.Status.PUBLISHED, self.now + timedelta(days=30), None
        if roll < 0.03:
            return Post.Status.PUBLISHED, when, when + timedelta(days=1)
        return Post.Status.PUBLISHED, when, None

    def past(self, years=YEARS):
        return self.now - timedelta(
            seconds=self.random.randint(60, years * 365 * 86400)
        )

    def common(self, title, summary, body, byline, when):
        status, published_at, expires_at = self.published_state(when)
        return {
            "title": title[:300],
            "slug": self.slug(title),
            "summary": summary,
            "body": body,
            "byline": byline,
            "status": status,
            "published_at": published_at,
            "expires_at": expires_at,
        }

    # Kinds

    def article(self):
        title = self.headline()
        return Article(
            featured=self.random.random() < 0.0005,
            **self.common(
                title,
                self.random.choice(SENTENCES),
                self.body(self.random.randint(3, 6)),
                self.random.choice(BYLINES),
                self.past(),
            ),
        )

    def appeal(self):
        r = self.random
        title = f"Solidarity with the {r.choice(WORKERS).lower()} of {r.choice(CITIES)}"
        when = self.past()
        return Appeal(
            state=r.choice(["urgent", "ongoing", "ongoing", "won", "closed"]),
            action="Send a protest letter and a message of solidarity.",
            contact="protest@example.org",
            deadline=when + timedelta(days=r.randint(7, 60))
            if r.random() < 0.7
            else None,
            **self.common(
                title, r.choice(SENTENCES), self.body(), r.choice(BYLINES), when
            ),
        )

    def event(self):
        r = self.random
        city = r.choice(CITIES)
        starts = self.now + timedelta(seconds=r.randint(-10 * 365 * 86400, 365 * 86400))
        title = f"Public meeting in {city}: {r.choice(TAGS).lower()}"
        return Event(
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            timezone="Europe/London",
            venue_name=r.choice(["Trade Union Hall", "Community Centre", "Library"]),
            city=city,
            country=r.choice(COUNTRIES),
            online_url="https://meet.example.org/solidarity"
            if r.random() < 0.2
            else "",
            is_cancelled=r.random() < 0.02,
            **self.common(
                title,
                r.choice(SENTENCES),
                self.body(2),
                "",
                # Announced one to forty days ahead; coming meetings are
                # already announced (public), not scheduled for later.
                min(
                    starts - timedelta(days=r.randint(1, 40)),
                    self.now - timedelta(minutes=r.randint(1, 60 * 24 * 14)),
                ),
            ),
        )

    def message(self, appeal_ids):
        r = self.random
        name = f"{r.choice(FIRST_NAMES)} {r.choice(LAST_NAMES)}"
        organisation = r.choice(ORGANISATIONS)
        country = r.choice(COUNTRIES)
        text = " ".join(r.sample(SENTENCES, r.randint(1, 3)))
        received = self.past()
        roll = r.random()
        moderation = (
            "approved"
            if roll < 0.85
            else "pending"
            if roll < 0.95
            else r.choice(["rejected", "spam"])
        )
        display = organisation or name
        message = SolidarityMessage(
            appeal_id=r.choice(appeal_ids) if appeal_ids and r.random() < 0.3 else None,
            author_name=name,
            organisation=organisation,
            city=r.choice(CITIES),
            country=country,
            email=f"{slugify(name)}.{self.counter}@example.org",
            text=text,
            show_name=True,
            consent=True,
            received_at=received,
            moderation=moderation,
            title=f"Message from {display}",
            slug=self.slug(f"message-{display}"),
            byline=display,
            summary=text[:300],
            body=f"<p>{text}</p>",
            status="published" if moderation == "approved" else "draft",
            published_at=received,
        )
        message.countries_codes = [country]
        return message


def insert_children(model, objects):
    """One multi-row INSERT per chunk of the child table's own columns."""
    fields = model._meta.local_concrete_fields
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    size = max(1, connection.ops.bulk_batch_size(fields, objects))
    with connection.cursor() as cursor:
        for start in range(0, len(objects), size):
            chunk = objects[start : start + size]
            params = [
                f.get_db_prep_save(getattr(obj, f.attname), connection)
                for obj in chunk
                for f in fields
            ]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES "
                + ", ".join([row] * len(chunk)),
                params,
            )


POST_FIELDS = [
    f for f in Post._meta.concrete_fields if not f.primary_key and f.name != "id"
]


def save_batch(model, objects, tag_ids, random_):
    """Insert a batch of one kind: parents, children, tags, countries."""
    parents = []
    for obj in objects:
        obj.kind = model.KIND
        parents.append(
            Post(**{f.attname: getattr(obj, f.attname) for f in POST_FIELDS})
        )
    Post.objects.bulk_create(parents)
    for obj, parent in zip(objects, parents, strict=True):
        obj.pk = obj.post_ptr_id = parent.pk
    insert_children(model, objects)
    tagged, located = [], []
    CountryLink = Post.countries.through
    for obj in objects:
        for tag_id in random_.sample(tag_ids, random_.randint(0, 3)):
            tagged.append(TaggedPost(content_object_id=obj.pk, tag_id=tag_id))
        codes = getattr(obj, "countries_codes", None)
        if codes is None:
            codes = random_.sample(COUNTRIES, random_.choice([1, 1, 1, 2]))
            if getattr(obj, "country", None) and obj.country.code not in codes:
                codes.append(obj.country.code)
        for code in codes:
            located.append(CountryLink(post_id=obj.pk, country_id=code))
    TaggedPost.objects.bulk_create(tagged)
    CountryLink.objects.bulk_create(located)
    return [obj.pk for obj in objects]


class Command(BaseCommand):
    help = "Generate realistic bulk content (for scale work and benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000)
        parser.add_argument("--appeals", type=int, default=100)
        parser.add_argument("--events", type=int, default=100)
        parser.add_argument("--messages", type=int, default=5000)
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument(
            "--seed", type=int, default=None, help="Random seed, for repeatable runs."
        )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        batch_size = options["batch_size"]
        counts = {kind: options[kind] for kind in ("articles", "appeals", "events")}
        counts["messages"] = options["messages"]
        if min(counts.values()) < 0 or batch_size < 1:
            raise CommandError("Counts must be zero or more, the batch size positive.")
        generator = Generator(options["seed"], self.stdout, verbosity)
        missing = set(COUNTRIES) - set(
            Country.objects.filter(code__in=COUNTRIES).values_list("code", flat=True)
        )
        if missing:
            raise CommandError(
                f"Countries missing ({', '.join(sorted(missing))}): run migrate."
            )
        tag_ids = [
            Tag.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0].pk
            for name in TAGS
        ]
        started = time.monotonic()
        appeal_ids = []
        plan = [
            ("articles", Article, generator.article),
            ("appeals", Appeal, generator.appeal),
            ("events", Event, generator.event),
            ("messages", SolidarityMessage, lambda: generator.message(appeal_ids)),
        ]
        for label, model, make in plan:
            total = counts[label]
            done = 0
            began = time.monotonic()
            while done < total:
                size = min(batch_size, total - done)
                with transaction.atomic():
                    ids = save_batch(
                        model, [make() for _ in range(size)], tag_ids, generator.random
                    )
                if model is Appeal:
                    appeal_ids.extend(ids)
                done += size
                if verbosity:
                    rate = done / max(time.monotonic() - began, 0.001)
                    self.stdout.write(
                        f"\r{label}: {done:,}/{total:,} ({rate:,.0f} a second)",
                        ending="",
                    )
                    self.stdout.flush()
            if verbosity and total:
                self.stdout.write("")
        content_changed(hard=True)
        if connection.vendor == "postgresql":
            # Fresh statistics and visibility map, so the planner picks the
            # indexes and deep pages are index-only scans. VACUUM cannot run
            # in a transaction (as in tests): ANALYZE alone then.
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            tables = [
                model._meta.db_table
                for model in (Post, Article, Appeal, Event, SolidarityMessage)
            ]
            tables += [
                TaggedPost._meta.db_table,
                Post.countries.through._meta.db_table,
            ]
            with connection.cursor() as cursor:
                for table in tables:
                    cursor.execute(f"{command} {connection.ops.quote_name(table)}")
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Generated {sum(counts.values()):,} posts in "
                    f"{time.monotonic() - started:,.0f} s."
                )
            )
