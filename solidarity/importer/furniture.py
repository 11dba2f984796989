"""Site furniture in scraped pages (pure): the lines a site wraps around
every text (share buttons, comment prompts, category and tag lines, cookie
banners, pagination, mailing-list navigation), in the languages campaign
sites are written in, and the placeholders sites put where an e-mail
address was (Cloudflare's "[email protected]", Joomla's "This email address
is being protected from spambots").

`classify(line)` names the furniture a whole line is; `scrub(line)` removes
address placeholders and addresses inside a line. Neither is ever stored.
"""

import re

# A whole line that is one of these is furniture (case-insensitive).
_LINE_PATTERNS = {
    "share line": r"(?:share|teilen|partager|compartir|condividi|delen|partilhar|"
    r"udostępnij|paylaş)(?: this(?: article| post| page)?| on \w+| via \w+)?\s*:?"
    r"|(?:(?:facebook|twitter|x|whatsapp|telegram|email|e-mail|linkedin|reddit|"
    r"pinterest|tumblr|print|mastodon|bluesky|threads|tweet|pocket|like|"
    r"skype|messenger|comment|share|reply)\b[\s|,·•/]*){1,12}"
    r"|like this:?|like loading\.{3}|related"
    r"|click to (?:share|print|email)\b.*",
    "comment prompt": r"(?:no|\d+|one|two|three)\s+(?:comments?|responses?|replies|"
    r"thoughts?)(?:\s+(?:on|to)\s+.+)?\s*:?"
    r"|comments?\s*(?:\(\d+\))?\s*:?(?:\s*post a comment)?"
    r"|(?:leave|post|add|write) a (?:reply|comment|response)\b.*"
    r"|comments are closed\.?|comments? (?:is|are) closed\.?"
    r"|your email address will not be published\.?.*|required fields are marked.*"
    r"|(?:name|email|website|comment)\s*\*?|post comment|submit comment"
    r"|sem comentários:?|enviar um comentário|geen opmerkingen:?"
    r"|een reactie posten|opmerking:.*reactie.*|keine kommentare:?"
    r"|kommentar veröffentlichen|aucun commentaire:?|publier un commentaire"
    r"|sin comentarios:?|publicar un comentario|nessun commento:?"
    r"|posta un commento|brak komentarzy:?|yorum yok:?"
    r"|newer post|older post|subscribe to:.*|post comments \(atom\)"
    r"|<< home|home|this page is powered by blogger.*",
    "category or tag line": r"(?:filed under|posted in|categories|category|"
    r"categorised|categorized|tags|tagged|tagged with|labels|etiquetas|"
    r"schlagwörter|kategorien?|étiquettes|catégories?|categorie|categorias?|"
    r"categorías?|tag|topics|themen|temas)\s*:.*"
    r"|(?:filed under|posted in|tagged)\s+\S.*",
    "navigation": r"page \d+ of \d+|«?\s*(?:older|newer) (?:entries|posts?)\s*»?.*"
    r"|(?:next|previous|prev|last|first) (?:page|post|article)\s*[»›→]?"
    r"|(?:«|‹|←)\s*(?:previous|prev|back)|(?:next|more)\s*(?:»|›|→)"
    r"|(?:\d+\s+){2,}(?:…\s+\d+\s+)?(?:next|»|›).*"
    r"|back to top|skip to (?:main )?content|jump to:.*|zurück|retour|volver"
    r"|print|print this (?:page|article)|pdf|email this|e-mail this"
    r"|(?:hits|views|visits|aufrufe|visite|visitas)\s*:\s*\d[\d,.]*"
    r"|(?:last (?:updated|modified)|modified|updated|zuletzt aktualisiert|"
    r"dernière mise à jour|última actualización)\s*:\s*\S.{0,40}"
    r"|details|log in|login|search|menu|main menu|sign up|subscribe"
    r"|\[?\s*(?:\w+\s*\|\s*){2,}\w+\s*\]?",
    "mailing-list navigation": r"(?:previous|next) message(?: \(by thread\))?:.*"
    r"|messages sorted by:.*|more information about the .+ mailing list"
    r"|(?:date|thread|index)\s*:\s*\[.*|other periods.*"
    r"|-+\s*next part\s*-+|an html attachment was scrubbed\.{3}|url: <.*>"
    r"|_{10,}|-{10,}|={10,}|\.{10,}"
    r"|[-_=]{2,}\s*(?:original|forwarded) message\s*[-_=]{2,}"
    r"|(?:to )?unsubscribe\b.*|you received this message because.*"
    r"|to post to this group.*|view this message at.*|reply via email to.*"
    r"|[\w .-]{1,60} mailing list|[\w.+-]+@lists?\.[\w.-]+|https?://\S*(?:mailman|"
    r"listinfo|pipermail|groups\.google|groups\.io)\S*|for immediate release",
    "site footer": r"(?:©|\(c\))\s*.{0,150}|copyright\s*(?:©\s*)?\d{4}.{0,150}"
    r"|.{0,150}\ball rights reserved\.?|follow us(?: on)?\b.{0,80}"
    r"|(?:subscribe|sign up)(?: to)?(?: our| the)? "
    r"(?:newsletter|e-?mail updates)\b.{0,80}"
    r"|powered by (?:wordpress|joomla|drupal|blogger)\b.{0,40}",
    "read more": r"(?:read more|read the full (?:article|statement|text)|"
    r"continue reading|full article|weiterlesen|mehr lesen|leer más|seguir leyendo|"
    r"lire la suite|en savoir plus|leggi tutto|continua a leggere|lees meer|"
    r"ler mais|czytaj więcej|devamını oku)\b.*",
}
_LINE = {
    reason: re.compile(rf"^(?:{pattern})$", re.IGNORECASE)
    for reason, pattern in _LINE_PATTERNS.items()
}
READ_MORE = _LINE["read more"]

# Cookie banners: a cookie word together with a word of consent, policy or
# browsing, in any of these languages.
_COOKIE = re.compile(
    r"\bcookies?\b|cookie-|\bçerez|ciasteczk|evästee|\bkakor\b|sütik|"
    r"ملفات تعريف الارتباط|файлы cookie|куки",
    re.IGNORECASE,
)
_CONSENT = re.compile(
    r"accept|agree|consent|privacy|policy|browsing|experience|website|this site|"
    r"our site|\bok\b|got it|akzept|zustimm|datenschutz|webseite|erfahrung|"
    r"accett|navigazione|informativ|questo sito|esperienza|acept|navegación|"
    r"sitio|política|experiencia|accepte|j'accepte|navigation|ce site|"
    r"confidentialité|expérience|utiliza|usa i|utilise|verwendet|gebruikt|"
    r"akkoord|aceitar|privacidade|navegação|site|zgod|kabul|hyväksy|godkänn",
    re.IGNORECASE,
)
_BUTTON = re.compile(
    r"^(?:ok|okay|got it|i agree|agree|accept(?: all)?(?: cookies)?|reject(?: all)?|"
    r"decline|allow(?: all)?|settings|cookie settings|manage (?:cookies|preferences)|"
    r"more info(?:rmation)?|learn more|privacy policy|close|x|✕|×|"
    r"akzeptieren|alle akzeptieren|ablehnen|einstellungen|mehr erfahren|"
    r"accetto|accetta|rifiuta|ulteriori informazioni|aceptar|rechazar|"
    r"más información|j'accepte|accepter|refuser|en savoir plus|akkoord|"
    r"aceitar|saiba mais|zgadzam się|kabul et|tamam)[.!]?$",
    re.IGNORECASE,
)

# Address placeholders and addresses (never stored, never shown).
_PROTECTED = re.compile(
    r"\s*(?:\[email\s*(?:&#160;|\xa0|\s)?protected\]|\[email protected\]|"
    r"this e-?mail address is being protected from spam ?bots\.?"
    r"(?:\s*you need javascript enabled to view it\.?)?|"
    r"<?\s*\[?email hidden;? javascript is required\]?\s*>?|"
    r"\[javascript protected email address\])",
    re.IGNORECASE,
)
EMAIL = re.compile(
    r"<?\b[\w.+-]+(?:@|\s+(?:at|\[at\]|\(at\))\s+)[\w-]+"
    r"(?:(?:\.|\s+(?:dot|\[dot\]|\(dot\))\s+)[\w-]+)+\b>?",
    re.IGNORECASE,
)


def scrub(line):
    """`line` without address placeholders; ("", True) if nothing else was
    on it. Addresses in running text are left: only bylines drop them."""
    cleaned = _PROTECTED.sub("", line)
    if cleaned == line:
        return line, False
    cleaned = re.sub(r"\s{2,}", " ", cleaned).strip(" :,;")
    return cleaned, True


def is_cookie_banner(line):
    return (
        len(line) <= 600
        and bool(_COOKIE.search(line))
        and bool(_CONSENT.search(line))
        and not _looks_like_reporting(line)
    )


def _looks_like_reporting(line):
    # "Workers at the biscuit factory that makes cookies struck on Monday."
    return bool(re.search(r"\b(?:workers?|strike|factory|bakery)\b", line, re.I))


def classify(line):
    """The kind of furniture `line` is, or None if it may be content."""
    text = line.strip().strip("*•·|").strip()
    if not text:
        return None
    if len(text) <= 200:
        for reason, pattern in _LINE.items():
            if reason != "read more" and pattern.match(text):
                return reason
    if is_cookie_banner(text):
        return "cookie banner"
    if EMAIL.fullmatch(text):
        return "e-mail address"
    return None


def is_button(line):
    """A consent button's label ("Accept", "Mehr erfahren"): furniture only
    next to a cookie banner."""
    return bool(_BUTTON.match(line.strip().strip("[]()")))


_IMAGE_LINE = re.compile(
    r"^(?:\S+/)?[\w.-]+\.(?:jpe?g|png|gif|webp|svg)(?:\?\S*)?$"
    r"|^(?:image|photo|foto|picture|img)\s*:?\s*\d*$",
    re.IGNORECASE,
)


def is_image_name(line):
    return bool(_IMAGE_LINE.match(line.strip()))
