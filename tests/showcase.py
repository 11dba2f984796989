"""
A small campaign site as editors would fill it: a featured appeal with its
picture, urgent and ongoing appeals, news with pictures, meetings in
several time zones (in person, online, both), messages of solidarity from
several countries. The browser tests' screenshots and bench/lighthouse.py
look at pages built from it, so they show what a visitor would see.

    from tests import showcase
    site = showcase.build()          # {"appeal": …, "article": …, "event": …}
"""

import io
import zoneinfo
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from tests import factories

# Colour pairs of the made-up photographs (sky, crowd).
PALETTES = [
    ((214, 92, 64), (58, 36, 44)),
    ((70, 130, 180), (30, 40, 60)),
    ((226, 176, 74), (88, 52, 34)),
    ((120, 160, 110), (40, 52, 38)),
    ((180, 80, 120), (50, 30, 60)),
]


def photo(index=0, size=(1600, 1000)):
    """A JPEG that reads as a photograph of a rally at a glance: a sky
    gradient, a crowd of heads and a banner, in palette `index`."""
    sky, crowd = PALETTES[index % len(PALETTES)]
    width, height = size
    image = Image.new("RGB", size, sky)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        shade = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(int(s * (1 - shade * 0.6)) for s in sky),
        )
    horizon = int(height * 0.55)
    draw.rectangle([0, horizon, width, height], fill=crowd)
    step = width // 24
    for row in range(4):
        for n in range(26):
            x = n * step + (row % 2) * step // 2
            y = horizon + row * step // 2
            radius = step // 3
            tone = tuple(min(255, c + 25 * row) for c in crowd)
            draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=tone)
    draw.rectangle(
        [width * 0.2, horizon - height * 0.18, width * 0.8, horizon - height * 0.04],
        fill=(250, 246, 240),
    )
    draw.rectangle(
        [width * 0.22, horizon - height * 0.15, width * 0.78, horizon - height * 0.12],
        fill=(176, 0, 32),
    )
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=80)
    return SimpleUploadedFile(f"photo-{index}.jpg", output.getvalue(), "image/jpeg")


def with_photo(kwargs, index, alt):
    kwargs.update(image=photo(index), image_alt=alt)
    return kwargs


def build(pictures=True):
    """Fill the database; returns the posts the page checks open."""
    now = timezone.now()

    def picture(kwargs, index, alt):
        return with_photo(kwargs, index, alt) if pictures else kwargs

    lead = factories.make_appeal(
        **picture(
            {
                "title": "Free the Caracas dockers",
                "slug": "free-the-caracas-dockers",
                "summary": "Eleven dockers were arrested after a strike for "
                "unpaid wages. Write to the port authority today.",
                "countries": ["VE"],
                "tags": ["Dockers"],
                "featured": True,
                "deadline": now + timedelta(days=12),
                "body": "<p>Eleven dockers of the port of La Guaira were "
                "arrested on Monday after a three-day strike for eight months "
                "of unpaid wages.</p>",
                "letter_subject": "Release the La Guaira dockers",
                "letter_body": "Dear Director,\n\nI write to ask for the "
                "release of the eleven dockers.\n\nYours sincerely,",
                "published_at": now - timedelta(hours=3),
            },
            0,
            "Dockers hold a banner outside the port gates",
        )
    )
    factories.make_appeal(
        title="Stop the deportation of Amira Haddad",
        slug="stop-the-deportation",
        summary="A union organiser faces deportation on Friday.",
        countries=["GB"],
        tags=["Migrants"],
        deadline=now + timedelta(days=3),
        published_at=now - timedelta(days=1),
    )
    factories.make_appeal(
        title="Reinstate the sacked teachers of Oaxaca",
        slug="reinstate-the-teachers",
        state="ongoing",
        summary="Forty teachers were sacked for joining a strike.",
        countries=["MX"],
        tags=["Teachers"],
        published_at=now - timedelta(days=9),
    )
    stories = [
        ("Pickets at embassies in twelve countries", ["GB", "IE", "ES"], 1),
        ("Port workers in Rotterdam refuse to unload", ["NL"], 2),
        ("A year of the Buenos Aires tram strike", ["AR"], 3),
        ("Miners' families march to the capital", ["BO"], 4),
        ("Solidarity fund passes its target", [], None),
        ("Nurses in Dublin send a delegation", ["IE"], None),
        ("Report of the Lisbon conference", ["PT"], 1),
    ]
    articles = []
    for n, (title, countries, index) in enumerate(stories):
        kwargs = {
            "title": title,
            "countries": countries,
            "tags": ["Dockers"] if n % 2 else ["Strikes"],
            "summary": "Unions and campaigners report what they did, "
            "and what comes next.",
            "published_at": now - timedelta(days=n + 1, hours=2),
        }
        if index is not None:
            picture(kwargs, index, f"Campaigners at {title.lower()}")
        articles.append(factories.make_article(**kwargs))
    meetings = [
        (
            "Public meeting: solidarity with the dockers",
            5,
            19,
            "Europe/London",
            {"venue_name": "Conway Hall", "city": "London", "country": "GB"},
        ),
        (
            "Picket of the Venezuelan embassy",
            8,
            12,
            "Europe/Dublin",
            {"venue_name": "Embassy", "city": "Dublin", "country": "IE"},
        ),
        (
            "Online call with the strikers",
            10,
            18,
            "UTC",
            {
                "venue_name": "",
                "city": "",
                "country": "",
                "online_url": "https://meet.example.org/dockers",
            },
        ),
        (
            "Asamblea de apoyo",
            15,
            19,
            "America/Argentina/Buenos_Aires",
            {
                "venue_name": "Casa del Pueblo",
                "city": "Buenos Aires",
                "country": "AR",
                "online_url": "https://meet.example.org/asamblea",
            },
        ),
    ]
    events = []
    for title, days, hour, zone, place in meetings:
        starts = now + timedelta(days=days)
        local = starts.astimezone(zoneinfo.ZoneInfo(zone)).replace(
            hour=hour, minute=30, second=0, microsecond=0
        )
        events.append(
            factories.make_event(
                title=title,
                starts_at=local,
                ends_at=local + timedelta(hours=2),
                timezone=zone,
                summary="Speakers from the unions, news of the appeal, "
                "and what we do next.",
                **place,
            )
        )
    senders = [
        (
            "Maria Lopez",
            "Dockers' Union of Barcelona",
            "ES",
            "es",
            "Vuestra lucha es nuestra lucha. Los estibadores de Barcelona están "
            "con vosotros.",
        ),
        (
            "John Byrne",
            "Dublin Trades Council",
            "IE",
            "en",
            "Dublin's trade unionists stand with the dockers of La Guaira.",
        ),
        (
            "Aisha Rahman",
            "Teachers' Union",
            "GB",
            "en",
            "Free the dockers now! An injury to one is an injury to all.",
        ),
        (
            "Carlos Mendes",
            "Sindicato dos Portuários",
            "PT",
            "en",
            "Port workers of Lisbon send their solidarity.",
        ),
        (
            "Youssef Amrani",
            "UMT Casablanca",
            "MA",
            "ar",
            "تضامننا الكامل مع عمال الميناء.",
        ),
        (
            "Lena Vogel",
            "ver.di Hamburg",
            "DE",
            "en",
            "Hamburg's dockers will not forget you.",
        ),
    ]
    for n, (name, organisation, country, language, text) in enumerate(senders):
        factories.make_message(
            author_name=name,
            organisation=organisation,
            country=country,
            language=language,
            text=text,
            appeal=lead,
            received_at=now - timedelta(hours=n + 1),
        )
    return {"appeal": lead, "article": articles[0], "event": events[0]}


def logo():
    """A white round badge with a red star (PNG, transparent around)."""
    image = Image.new("RGBA", (240, 160), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse([40, 0, 200, 160], fill=(255, 255, 255, 255))
    star = [(120, 20), (140, 70), (190, 70), (150, 100), (165, 150),
            (120, 120), (75, 150), (90, 100), (50, 70), (100, 70)]  # fmt: skip
    draw.polygon(star, fill=(176, 0, 32, 255))
    output = io.BytesIO()
    image.save(output, format="PNG")
    return SimpleUploadedFile("logo.png", output.getvalue(), "image/png")


def set_logo():
    """Give the site's identity the logo (and so its icons)."""
    from appeals.models import SiteIdentity

    identity = SiteIdentity.load()
    identity.logo = logo()
    identity.save()
    return identity
