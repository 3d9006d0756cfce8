"""Language templates: lang, lang-xx/langx, transl, nihongo, IPA, native name, ill.

`{{lang|fr|Armée}}` → "Armée"; `{{lang-fr|Armée}}` → "French: Armée"; `{{nihongo|English|漢字|
romaji}}` → "English (漢字, romaji)"; `{{IPA-fr|aʁme}}` → "[aʁme]"; `{{ill|Target|de}}` → "Target".
"""

from __future__ import annotations

from types import MappingProxyType

from mwparserfromhell.nodes import Template

from frontlines.parse.context import Handler, RenderContext
from frontlines.parse.params import plain_of

LANGUAGES = MappingProxyType(
    {
        "ar": "Arabic",
        "az": "Azerbaijani",
        "be": "Belarusian",
        "bg": "Bulgarian",
        "bn": "Bengali",
        "ca": "Catalan",
        "cs": "Czech",
        "cy": "Welsh",
        "da": "Danish",
        "de": "German",
        "el": "Greek",
        "en": "English",
        "es": "Spanish",
        "et": "Estonian",
        "eu": "Basque",
        "fa": "Persian",
        "fi": "Finnish",
        "fr": "French",
        "ga": "Irish",
        "gd": "Scottish Gaelic",
        "grc": "Ancient Greek",
        "he": "Hebrew",
        "hi": "Hindi",
        "hr": "Croatian",
        "hu": "Hungarian",
        "hy": "Armenian",
        "id": "Indonesian",
        "is": "Icelandic",
        "it": "Italian",
        "ja": "Japanese",
        "ka": "Georgian",
        "kk": "Kazakh",
        "ko": "Korean",
        "ku": "Kurdish",
        "la": "Latin",
        "lt": "Lithuanian",
        "lv": "Latvian",
        "mk": "Macedonian",
        "mn": "Mongolian",
        "mr": "Marathi",
        "ms": "Malay",
        "nl": "Dutch",
        "no": "Norwegian",
        "nb": "Norwegian Bokmål",
        "pl": "Polish",
        "ps": "Pashto",
        "pt": "Portuguese",
        "ro": "Romanian",
        "ru": "Russian",
        "sa": "Sanskrit",
        "sk": "Slovak",
        "sl": "Slovene",
        "sq": "Albanian",
        "sr": "Serbian",
        "sv": "Swedish",
        "ta": "Tamil",
        "th": "Thai",
        "tr": "Turkish",
        "uk": "Ukrainian",
        "ur": "Urdu",
        "uz": "Uzbek",
        "vi": "Vietnamese",
        "yi": "Yiddish",
        "zh": "Chinese",
        "ang": "Old English",
        "fro": "Old French",
        "non": "Old Norse",
        "got": "Gothic",
        "ota": "Ottoman Turkish",
        "syc": "Syriac",
        "arc": "Aramaic",
        "egy": "Egyptian",
        "akk": "Akkadian",
        "hit": "Hittite",
        "peo": "Old Persian",
        "pal": "Middle Persian",
        "gem": "Germanic",
        "goh": "Old High German",
        "gmh": "Middle High German",
        "osx": "Old Saxon",
        "sga": "Old Irish",
        "mga": "Middle Irish",
        "enm": "Middle English",
        "frm": "Middle French",
        "oc": "Occitan",
        "gl": "Galician",
        "lb": "Luxembourgish",
        "li": "Limburgish",
        "wa": "Walloon",
        "fy": "West Frisian",
        "br": "Breton",
        "kw": "Cornish",
        "gv": "Manx",
        "mt": "Maltese",
        "tl": "Tagalog",
        "sw": "Swahili",
        "am": "Amharic",
        "so": "Somali",
        "ha": "Hausa",
        "yo": "Yoruba",
        "zu": "Zulu",
        "xh": "Xhosa",
        "af": "Afrikaans",
        "qu": "Quechua",
        "nah": "Nahuatl",
        "gn": "Guarani",
        "haw": "Hawaiian",
        "mi": "Māori",
        "sm": "Samoan",
        "to": "Tongan",
        "fj": "Fijian",
        "bo": "Tibetan",
        "my": "Burmese",
        "km": "Khmer",
        "lo": "Lao",
        "ne": "Nepali",
        "si": "Sinhala",
        "pa": "Punjabi",
        "gu": "Gujarati",
        "kn": "Kannada",
        "ml": "Malayalam",
        "te": "Telugu",
        "or": "Odia",
        "as": "Assamese",
        "ckb": "Central Kurdish",
        "tt": "Tatar",
        "ba": "Bashkir",
        "cv": "Chuvash",
        "ce": "Chechen",
        "os": "Ossetian",
        "ab": "Abkhaz",
        "tg": "Tajik",
        "tk": "Turkmen",
        "ky": "Kyrgyz",
        "ug": "Uyghur",
        "zh-hant": "Chinese",
        "zh-hans": "Chinese",
        "sh": "Serbo-Croatian",
        "bs": "Bosnian",
        "rue": "Rusyn",
        "csb": "Kashubian",
        "hsb": "Upper Sorbian",
        "dsb": "Lower Sorbian",
        "szl": "Silesian",
    }
)


def language_name(code: str) -> str:
    code = code.strip().lower()
    return LANGUAGES.get(code) or LANGUAGES.get(code.split("-")[0], "")


def _lang(template: Template, r: RenderContext) -> str:
    """`{{lang|fr|text}}` → the text."""
    value = r.arg(template, 2) or r.arg(template, "text")
    return r.render(value) if value is not None else ""


def _labelled(code: str, text: str, template: Template, r: RenderContext) -> str:
    if template.has("label") and plain_of(template, r, "label") in {"none", "no"}:
        return text
    label = plain_of(template, r, "label") or language_name(code)
    literal = plain_of(template, r, "lit")
    suffix = r.text(f", lit. '{literal}'") if literal else ""
    return (r.text(f"{label}: ") if label else "") + text + suffix


def _lang_prefixed(template: Template, r: RenderContext, code: str) -> str:
    """`{{lang-fr|text}}` → "French: text"."""
    value = r.arg(template, 1) or r.arg(template, "text")
    text = r.emphasis(r.render(value), "*") if value is not None else ""
    return _labelled(code, text, template, r) if text else ""


def _langx(template: Template, r: RenderContext) -> str:
    """`{{langx|fr|text}}` → "French: text"."""
    code = plain_of(template, r, 1)
    value = r.arg(template, 2) or r.arg(template, "text")
    text = r.emphasis(r.render(value), "*") if value is not None else ""
    return _labelled(code, text, template, r) if text else ""


def _transl(template: Template, r: RenderContext) -> str:
    """`{{transl|ru|text}}` (or with a scheme as second parameter) → the text."""
    values = r.positional(template)
    return r.emphasis(r.render(values[-1]), "*") if len(values) >= 2 else ""


def _nihongo(template: Template, r: RenderContext) -> str:
    """`{{nihongo|English|漢字|romaji}}` → "English (漢字, romaji)"."""
    values = r.positional(template)
    english = r.render(values[0]).strip() if values else ""
    extra = [r.plain(value) for value in values[1:3]]
    extra = [value for value in extra if value]
    inside = r.text(", ".join(extra))
    if not english:
        return inside
    return f"{english} ({inside})" if inside else english


def _ipa(template: Template, r: RenderContext) -> str:
    """`{{IPA-fr|aʁme}}` → "[aʁme]" (those templates bracket it); `{{IPA|...}}`, long a mere
    font wrapper inside the article's own "/.../", as written."""
    values = [r.plain(value) for value in r.positional(template)]
    code = str(template.name).strip().lower().replace("_", " ")
    transcription = values[1] if code in {"ipa", "ipa lang"} and len(values) > 1 else ""
    transcription = transcription or (values[0] if values else "")
    if code.startswith("ipa-") and transcription and not transcription.startswith(("[", "/")):
        return r.text(f"[{transcription}]")
    return r.text(transcription)


def _ipac(template: Template, r: RenderContext) -> str:
    """`{{IPAc-en|ˈ|l|ʌ|n|d|ən}}` → "/ˈlʌndən/" (labels like "UK" or "us" skipped)."""
    parts = [r.plain(value) for value in r.positional(template)]
    labels = {"lang", "pron", "local", "uk", "us", "also", "or", "ipa", "audio", "ca"}
    sounds = [part for part in parts if part.lower() not in labels and part != ";"]
    return r.text("/" + "".join(sounds) + "/") if sounds else ""


def _respell(template: Template, r: RenderContext) -> str:
    parts = [r.plain(value) for value in r.positional(template)]
    return r.emphasis(r.text("-".join(part for part in parts if part)), "*")


def _second_or_first(template: Template, r: RenderContext) -> str:
    """`{{native name|fr|Armée}}` → "Armée"."""
    value = r.arg(template, 2) or r.arg(template, 1)
    return r.emphasis(r.render(value), "*") if value is not None else ""


def _ill(template: Template, r: RenderContext) -> str:
    """`{{ill|Target|de|Ziel}}` → the English target (or `lt=` label); the older order with the
    language first (`{{ill|fr|Target|Cible}}`) too."""
    target = plain_of(template, r, 1)
    second = plain_of(template, r, 2)
    if second and len(target) <= 3 and language_name(target) and not language_name(second):
        target = second
    shown = plain_of(template, r, "lt") or target
    return r.link(target, r.text(shown))


def _audio(template: Template, r: RenderContext) -> str:
    value = r.arg(template, 2)
    return r.render(value) if value is not None else ""


def _language_icon(code: str) -> Handler:
    """`{{fr icon}}` → "(in French)", as Wikipedia shows it after a foreign-language source."""
    name = language_name(code)
    return lambda template, r: r.text(f"(in {name})")


def _in_lang(template: Template, r: RenderContext) -> str:
    """`{{in lang|fr|de}}` → "(in French and German)"."""
    names = [language_name(r.plain(v)) or r.plain(v) for v in r.positional(template)]
    names = [n for n in names if n]
    if not names:
        return ""
    shown = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return r.text(f"(in {shown})")


def by_prefix(name: str) -> Handler | None:
    if name.endswith(" icon") and language_name(name[:-5]):
        return _language_icon(name[:-5])
    if name.startswith("lang-"):
        code = name[5:]
        return lambda template, r: _lang_prefixed(template, r, code)
    if name.startswith(("ipac-", "ipac2-")):
        return _ipac
    if name.startswith(("ipa-", "ipa ")):
        return _ipa
    return None


HANDLERS: MappingProxyType[str, Handler] = MappingProxyType(
    {
        "lang": _lang,
        "in lang": _in_lang,
        "in language": _in_lang,
        "langx": _langx,
        "lang2": _lang,
        "script": _lang,
        "transl": _transl,
        "transliteration": _transl,
        "translit": _transl,
        "nihongo": _nihongo,
        "nihongo2": _nihongo,
        "nihongo3": _nihongo,
        "nihongo4": _nihongo,
        "nihongo foot": _nihongo,
        "ipa": _ipa,
        "ipa audio link": _ipa,
        "ipac-en": _ipac,
        "respell": _respell,
        "native name": _second_or_first,
        "native phrase": _second_or_first,
        "ill": _ill,
        "interlanguage link": _ill,
        "interlanguage link multi": _ill,
        "ill2": _ill,
        "illm": _ill,
        "audio": _audio,
        "audio-ipa": _audio,
        "lit": lambda template, r: r.text("lit. ") + r.render(r.arg(template, 1)),
        "literally": lambda template, r: r.text("lit. ") + r.render(r.arg(template, 1)),
    }
)
