"""The report's methods section, as data: every method in words a board member can follow, with its
reference, in Swedish and English.

:func:`method_descriptions` fills in the numbers of one insats (masking threshold, confidence level,
interval method) and returns one entry per method: ``id`` (stable), ``rubrik`` (heading), ``text``
and ``referenser``. Rendering (HTML, Word, README) is left to the caller.
"""

from __future__ import annotations

from .formatting import NBSP, fmt_number, percent

__all__ = ["method_descriptions", "METHOD_IDS"]

METHOD_IDS = ("andelar", "mal", "narvaro", "skillnader", "progression", "tid_i_insatsen", "maskning",
              "tolkning")

# (heading, text, references) per language; {placeholders} are filled by method_descriptions
_SV = {
    "andelar": (
        "Andelar och osäkerhetsintervall",
        "Varje andel redovisas med antalet den bygger på (n) och ett {niva}-intervall. Intervallet visar "
        "hur mycket andelen kunde ha blivit en annan med en annan grupp deltagare av samma slag: ju "
        "färre deltagare, desto bredare intervall. Intervallet beräknas med {metod}, som fungerar även "
        "för små grupper och för andelar nära 0 eller 100 %.",
        "{referens}"),
    "mal": (
        "Målen",
        "Ett mål är uppnått när andelen är minst lika stor som målvärdet: deltagarna är hela den grupp "
        "målet handlar om, så det avgör inget test. Bredvid står en bedömning mot slumpen: ligger hela "
        "intervallet över målvärdet är resultatet tydligt över målet, ligger det helt under är det "
        "tydligt under, och rymmer intervallet målvärdet är resultatet förenligt med målet – siffrorna "
        "kan då inte avgöra om insatsen ligger över eller under. För mål som gäller andelar av "
        "deltagare anges också ett exakt binomialtest mot målvärdet (p-värdet: hur ovanligt resultatet "
        "vore om den sanna andelen var precis målvärdet). Med så få deltagare att inget utfall kan ge "
        "p under 0,05 anges inget p-värde, utan att deltagarna är för få för ett test.",
        "Clopper & Pearson (1934); R binom.test; scipy.stats.binomtest."),
    "narvaro": (
        "Närvaro",
        "Närvaron är antalet närvarotillfällen delat med antalet planerade tillfällen, för alla "
        "deltagare tillsammans. Tillfällena hör till deltagare – några få med hög frånvaro kan dra ned "
        "hela gruppen – så osäkerheten räknas på deltagarna, inte på tillfällena (en GEE-modell med "
        "deltagaren som kluster och en småstickprovskorrigerad sandwich-skattning). Med färre än "
        "{min_grupp} deltagare redovisas närvaron utan intervall.",
        "Liang & Zeger (1986); Mancl & DeRouen (2001)."),
    "skillnader": (
        "Skillnader mellan grupper",
        "Grupper (åldersgrupper, kön, kommuner) jämförs med en referensgrupp, den första som redovisas. "
        "Skillnaden anges i procentenheter med ett {niva}-intervall. För andelar av deltagare används "
        "Newcombes intervall för skillnaden mellan två andelar; för närvaro samma deltagarbaserade "
        "modell som ovan. Om intervallet innehåller både positiva och negativa värden sägs att "
        "skillnaden är för osäker för att dra slutsatser. Grupper med färre än {min_grupp} deltagare "
        "jämförs inte; bara deras egna siffror redovisas. Deltagare utan uppgift jämförs aldrig.",
        "Newcombe (1998), metod 10; Mancl & DeRouen (2001)."),
    "progression": (
        "Självskattningar (progression)",
        "Varje deltagares första och senaste skattning jämförs: hur många förbättrades, var "
        "oförändrade och försämrades. Ett teckentest prövar om fler förbättrades än försämrades än "
        "slumpen lätt förklarar, och p-värdena justeras med Holms metod eftersom flera indikatorer "
        "prövas samtidigt. Wilcoxons teckenrangtest, som också väger in hur mycket skattningarna "
        "ändrades, redovisas som komplement (exakt beräknat med upp till 16 förändrade, annars med "
        "normalapproximation). En modell över alla skattningstillfällen (en linjär blandad modell med "
        "tid i månader sedan deltagarens första skattning och en egen nivå för varje deltagare) ger "
        "den genomsnittliga förändringen per månad; den redovisas bara när skattningen är stabil "
        "(konvergerad, positivt definit Hessian, inte på randen), annars står skälet i ord.",
        "Dixon & Mood (1946); Holm (1979); Wilcoxon (1945); Hollander & Wolfe (1999); "
        "Laird & Ware (1982)."),
    "tid_i_insatsen": (
        "Tid i insatsen",
        "Tiden i insatsen räknas i dagar från inskrivning till avslut. För den som fortfarande är "
        "inskriven vid periodens slut vet vi bara att tiden är minst så lång; Kaplan–Meier-metoden tar "
        "hänsyn till det. Mediantiden är den tid efter vilken hälften av deltagarna har lämnat "
        "insatsen; så länge mer än hälften är kvar kan den inte skattas. Intervallet för medianen "
        "beräknas som i R:s survfit (Brookmeyer–Crowley, log-transformering); dess övre gräns saknas "
        "ofta när få har avslutats. Grupper med färre än {min_grupp} deltagare redovisas utan median.",
        "Kaplan & Meier (1958); Brookmeyer & Crowley (1982)."),
    "maskning": (
        "Skydd av enskilda deltagare",
        "Antal personer under {min_antal} visas inte i tabeller, figurer eller text, utan som "
        "\u201dfärre än {min_antal}\u201d. Det gäller också andelar, intervall och skillnader som skulle "
        "avslöja ett sådant antal, och ytterligare celler döljs så att ett dolt antal inte kan räknas "
        "fram ur summor.",
        "OECD, Glossary of statistical terms: cell suppression."),
    "tolkning": (
        "Hur texten tolkar siffrorna",
        "Texterna bredvid resultaten är genererade ur siffrorna. De anger alltid storleken på en "
        "skillnad tillsammans med dess intervall, säger aldrig att något är \u201dsignifikant\u201d, och "
        "påstår ingen skillnad när intervallet spänner över både plus och minus. När det är för få "
        "deltagare för ett test står det i stället för ett p-värde.",
        ""),
}

_EN = {
    "andelar": (
        "Shares and uncertainty intervals",
        "Every share is shown with the number it is based on (n) and a {niva} interval. The interval "
        "shows how much the share could have differed with another group of participants of the same "
        "kind: the fewer the participants, the wider the interval. It is computed with {metod}, which "
        "works for small groups and for shares near 0 or 100 %.",
        "{referens}"),
    "mal": (
        "The goals",
        "A goal is reached when the share is at least the target: the participants are the whole group "
        "the goal speaks of, so no test decides it. Beside it is an assessment against chance: when the "
        "whole interval lies above the target, the result is clearly above the goal; when it lies "
        "wholly below, clearly below; when the interval holds the target, the result is compatible with "
        "the goal – the data cannot tell whether the intervention is above or below it. Goals that are shares "
        "of participants also get an exact binomial test against the target (the p-value: how unusual "
        "the result would be if the true share were exactly the target). With so few participants that "
        "no outcome could give p below 0.05, no p-value is given; the text says there are too few for "
        "a test.",
        "Clopper & Pearson (1934); R binom.test; scipy.stats.binomtest."),
    "narvaro": (
        "Attendance",
        "Attendance is the number of occasions attended divided by the number planned, for all "
        "participants together. Occasions belong to participants – a few with much absence can pull the "
        "whole group down – so the uncertainty is computed over participants, not occasions (a GEE model "
        "with the participant as cluster and a small-sample corrected sandwich estimate). With fewer "
        "than {min_grupp} participants attendance is shown without an interval.",
        "Liang & Zeger (1986); Mancl & DeRouen (2001)."),
    "skillnader": (
        "Differences between groups",
        "Groups (age groups, gender, municipalities) are compared with a reference group, the first "
        "one listed. The difference is given in percentage points with a {niva} interval. For shares "
        "of participants, Newcombe's interval for the difference of two shares is used; for attendance, "
        "the participant-based model above. When the interval holds both positive and negative values, "
        "the difference is said to be too uncertain to draw conclusions from. Groups with fewer than "
        "{min_grupp} participants are not compared; only their own figures are shown. Participants "
        "without a value are never compared.",
        "Newcombe (1998), method 10; Mancl & DeRouen (2001)."),
    "progression": (
        "Self-ratings (progression)",
        "Each participant's first and latest rating are compared: how many improved, stayed the same "
        "and got worse. A sign test asks whether more improved than got worse than chance readily "
        "explains, and the p-values are adjusted with Holm's method because several indicators are "
        "tested at once. Wilcoxon's signed-rank test, which also weighs how much the ratings changed, "
        "is shown as a complement (exact with up to 16 changed, otherwise by normal approximation). "
        "A model over all rating occasions (a linear mixed model with time in months since the "
        "participant's first rating and a level of its own for each participant) gives the mean "
        "change per month; it is reported only when the estimate is stable (converged, positive "
        "definite Hessian, not on the boundary), otherwise the reason is given in words.",
        "Dixon & Mood (1946); Holm (1979); Wilcoxon (1945); Hollander & Wolfe (1999); "
        "Laird & Ware (1982)."),
    "tid_i_insatsen": (
        "Time in the intervention",
        "Time in the intervention is counted in days from enrolment to exit. For those still enrolled at the "
        "end of the period we only know that their time is at least that long; the Kaplan–Meier "
        "method takes this into account. The median time is the time after which half of the "
        "participants have left; while more than half remain it cannot be estimated. The median's "
        "interval is computed as in R's survfit (Brookmeyer–Crowley, log transformation); its upper end "
        "is often missing while few have ended. Groups with fewer than {min_grupp} participants are "
        "shown without a median.",
        "Kaplan & Meier (1958); Brookmeyer & Crowley (1982)."),
    "maskning": (
        "Protecting individual participants",
        "Counts of persons below {min_antal} are not shown in tables, figures or text, but as \u201cfewer "
        "than {min_antal}\u201d. This also applies to shares, intervals and differences that would reveal "
        "such a count, and further cells are hidden so that a hidden count cannot be worked out from "
        "totals.",
        "OECD, Glossary of statistical terms: cell suppression."),
    "tolkning": (
        "How the text interprets the figures",
        "The texts beside the results are generated from the figures. They always give the size of a "
        "difference with its interval, never call anything \u201csignificant\u201d, and claim no "
        "difference when the interval spans both plus and minus. When there are too few participants "
        "for a test, the text says so instead of giving a p-value.",
        ""),
}

_INTERVALS = {
    "wilson": ({"sv": "Wilsons metod", "en": "Wilson's method"},
               "Wilson (1927); Agresti & Coull (1998)."),
    "exakt": ({"sv": "Clopper–Pearsons exakta metod", "en": "the exact Clopper–Pearson method"},
              "Clopper & Pearson (1934)."),
}


def method_descriptions(language: str = "sv", *, min_count: int = 3, level: float = 0.95,
                        interval: str = "wilson", min_participants: int = 10) -> list[dict[str, str]]:
    """The methods section of a report: one entry per method, in the order of :data:`METHOD_IDS`.

    Parameters
    ----------
    min_count
        ``sekretess.min_antal`` (with 0, the masking entry says that nothing is masked).
    level, interval
        ``statistik.konfidensniva`` and ``statistik.intervall``.
    min_participants
        The group size below which groups are described, not compared.

    Returns
    -------
    list of dicts with ``id``, ``rubrik`` (heading), ``text`` and ``referenser`` (may be empty).
    """
    if interval not in _INTERVALS:
        raise ValueError(f"unknown interval method {interval!r}")
    en = language == "en"
    names, reference = _INTERVALS[interval]
    decimals = 0 if float(percent(level)) == int(percent(level)) else 1
    values = {"niva": f"{fmt_number(percent(level), decimals, language)}{NBSP}%",
              "metod": names["en" if en else "sv"], "referens": reference,
              "min_antal": str(min_count), "min_grupp": str(min_participants)}
    out = []
    for key in METHOD_IDS:
        heading, text, references = (_EN if en else _SV)[key]
        if key == "maskning" and min_count <= 0:
            text = ("Masking of small counts is switched off for this report (sekretess.min_antal: 0)."
                    if en else "Maskning av små antal är avstängd i den här rapporten "
                    "(sekretess.min_antal: 0).")
        out.append({"id": key, "rubrik": heading, "text": text.format(**values),
                    "referenser": references.format(**values)})
    return out
