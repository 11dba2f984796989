"""Letters of solidarity (pure): a salutation ("Dear comrades,", "Liebe
Kolleginnen und Kollegen", "To the metalworkers of ..."), the text, a
closing ("In solidarity,", "Yours fraternally", "Saludos solidarios") and a
signature of name, role and organisation, on one line or several:

    Steve Hedley Assistant General Secretary RMT Union.
    Maria Checkland - Branch Secretary
    Ton Heerts, FNV
    Hon Secretary / Waitemata Branch / Unite Union
"""

import re
from dataclasses import dataclass

from . import header, places

SALUTATION = re.compile(
    r"^(?:dear|dearest|hello|hi|greetings|to all|to the|to our|"
    r"brothers and sisters|sisters and brothers|comrades|friends|colleagues|"
    r"estimad[oa]s?|querid[oa]s?|compañer[oa]s|compañeros y compañeras|"
    r"cher|chère|chers|chères|camarades|liebe|lieber|sehr geehrte|"
    r"werte|cari|care|caro|cara|compagni|compagne|beste|geachte|"
    r"companheir[oa]s|caros|car[oa]s|drodzy|szanowni|sevgili)\b.{0,110}$",
    re.IGNORECASE,
)
CLOSING = re.compile(
    r"^(?:(?:yours|with|in|warm|kind|best|solidarity|fraternal|militant)?\s*"
    r"(?:in\s+)?(?:solidarity|struggle|unity)(?:\s+(?:greetings|forever|always))?"
    r"|yours(?:\s+(?:fraternally|sincerely|faithfully|truly|in solidarity))?"
    r"|fraternally(?:\s+yours)?|sincerely|regards|best regards|kind regards|"
    r"warm regards|with best regards|with solidarity|solidarity greetings|"
    r"(?:a\s+)?(?:hearty|warm)\s+embrace.*|.*\bbrotherly greetings|venceremos|"
    r"con solidaridad|saludos(?:\s+\w+){0,2}|un saludo(?:\s+\w+){0,2}|"
    r"fraternalmente|atentamente|solidariamente|en solidarité|"
    r"salutations(?:\s+\w+){0,2}|solidarische grüße|mit solidarischen grüßen|"
    r"mit freundlichen grüßen|saluti(?:\s+\w+){0,2}|un abbraccio.*|"
    r"in solidarietà|met solidaire groet(?:en)?|solidaire groeten|"
    r"em solidariedade|saudações(?:\s+\w+){0,2}|z pozdrowieniami|"
    r"dayanışmayla)[\s,.!]*$",
    re.IGNORECASE,
)

ROLE_WORDS = re.compile(
    r"\b(?:secretary|president|vice[- ]president|chair(?:person|man|woman)?|"
    r"convenor|convener|organi[sz]er|officer|coordinator|co-ordinator|treasurer|"
    r"spokes(?:person|man|woman)|director|leader|representative|rep|delegate|"
    r"steward|member|activist|editor|mp|mep|councillor|senator|"
    r"sekretär(?:in)?|vorsitzende[r]?|secretari[oa]|secrétaire|presidente?|"
    r"segretari[oa]|voorzitter|portavoz|porte-parole|responsable)\b",
    re.IGNORECASE,
)
ORG_WORDS = re.compile(
    r"\b(?:unions?|federation|confederation|congress|council|party|association|"
    r"committee|network|collective|alliance|campaign|branch|chapel|local|"
    r"league|movement|front|coalition|society|group|centre|center|institute|"
    r"cgil|cgt|ugt|ccoo|tuc|gewerkschaft|syndicat|sindicato|sindacato|vakbond|"
    r"bond|comité|comite|coordinamento|solidarity|workers|tendency)\b",
    re.IGNORECASE,
)
_MODIFIER = re.compile(
    r"(?:general|assistant|deputy|vice|national|regional|international|hon|"
    r"honorary|joint|acting|branch|executive|chief|senior|press|union|area|"
    r"district|county|local)",
    re.IGNORECASE,
)
_ACRONYM = re.compile(r"^(?:[A-Z][A-Z0-9&-]{1,9})$")


@dataclass(frozen=True)
class Signature:
    author: str = ""
    role: str = ""
    organisation: str = ""
    city: str = ""


def is_salutation(line):
    return bool(SALUTATION.match(line)) and not line.endswith(".")


def is_closing(line):
    return len(line) <= 80 and bool(CLOSING.match(line))


def parse_signature(lines):
    """A Signature from the signature's lines, or None if they are not one."""
    names, roles, orgs, cities = [], [], [], []
    for line in lines:
        line = line.strip().rstrip(".")
        if not line or len(line) > 160:
            return None
        parts = [
            p.strip() for p in re.split(r"\s+[-–—|]\s+|[,;:]\s+", line) if p.strip()
        ]
        for part in parts:
            if places.lookup_city(part):
                cities.append(part)
                continue
            kind = _kind(part)
            if kind == "name+role":
                name, role, org = _split_run(part)
                names.append(name)
                if role:
                    roles.append(role)
                if org:
                    orgs.append(org)
            elif kind == "role":
                role, org = _split_role_org(part)
                roles.append(role)
                if org:
                    orgs.append(org)
            elif kind == "org":
                orgs.append(part)
            elif kind == "name":
                names.append(part)
            else:
                return None
    if not (names or orgs):
        return None
    return Signature(
        author=" and ".join(names[:3])[:200],
        role=(roles[0] if roles else "")[:200],
        organisation=", ".join(orgs[:3])[:200],
        city=cities[0][:100] if cities else "",
    )


def _kind(part):
    if not header.name_like(part) and not _ACRONYM.match(part):
        return None
    role = ROLE_WORDS.search(part)
    org = ORG_WORDS.search(part) or _ACRONYM.match(part)
    if role and role.start() > 0:
        before = part[: role.start()].split()
        while before and _MODIFIER.fullmatch(before[-1]):
            before.pop()
        if before and _is_name(" ".join(before)):
            return "name+role"
    if ROLE_WORDS.fullmatch(part.split()[-1]):
        return "role"  # "Branch Secretary"
    if role and (not org or role.start() <= (org.start() if org else 0)):
        return "role"
    if org:
        return "org"
    if _is_name(part):
        return "name"
    return None


def _is_name(text):
    words = text.split()
    return (
        1 <= len(words) <= 5
        and all(
            w[:1].isupper() or w.lower() in {"de", "van", "von", "da", "del"}
            for w in words
        )
        and not ORG_WORDS.search(text)
        and not ROLE_WORDS.search(text)
    )


def _split_run(part):
    """ "Steve Hedley Assistant General Secretary RMT Union" ->
    ("Steve Hedley", "Assistant General Secretary", "RMT Union")."""
    role_at = ROLE_WORDS.search(part).start()
    words = part[:role_at].split()
    while words and _MODIFIER.fullmatch(words[-1]):
        words.pop()  # "Assistant General" belong to the role
    name = " ".join(words)
    rest = part[len(name) :].strip()
    role, org = _split_role_org(rest)
    return name, role, org


def _split_role_org(text):
    """ "General Secretary of the PGFTU" -> ("General Secretary", "PGFTU")."""
    words = text.split()
    last = max(
        (i for i, w in enumerate(words) if ROLE_WORDS.fullmatch(w.strip(",."))),
        default=-1,
    )
    while last + 1 < len(words) and _MODIFIER.fullmatch(words[last + 1].strip(",")):
        last += 1  # "Secretaria General"
    role = " ".join(words[: last + 1])
    org = re.sub(
        r"^(?:of|for|at)\s+(?:the\s+)?", "", " ".join(words[last + 1 :]), flags=re.I
    )
    return role, org
