"""What a person reads, in Swedish (default) and English: one place for every label.

Codes (``arbete``, ``forsorjningsstod``, ``16-24``) are the same in every language; :func:`label`
turns a code or a text key into words. Unknown codes (a kommun, a local answer) are shown as written.
"""

from __future__ import annotations

__all__ = ["label", "LANGUAGES"]

LANGUAGES = ("sv", "en")

_L: dict[str, tuple[str, str]] = {
    # populations
    "totalt": ("Totalt sedan start", "Total since start"),
    "aktiva_under_perioden": ("Aktiva under perioden", "Active during the period"),
    "nya_under_perioden": ("Nya under perioden", "New during the period"),
    "avslutade_under_perioden": ("Avslutade under perioden", "Ended during the period"),
    "avslutade_totalt": ("Avslutade totalt", "Ended in total"),
    "pagaende_vid_periodens_slut": ("Pågående vid periodens slut", "Ongoing at the end of the period"),
    # gender
    "kvinna": ("Kvinnor", "Women"), "man": ("Män", "Men"), "annat": ("Annat", "Other"),
    "okant": ("Okänt", "Unknown"), "okand": ("Okänd", "Unknown"), "saknas": ("Uppgift saknas", "Missing"),
    "alla": ("Alla", "All"),
    "hela_tiden": ("Sedan start t.o.m. periodens slut", "Since start, up to the end of the period"),
    "under_perioden": ("Under rapportperioden", "During the report period"),
    # referrers
    "arbetsformedlingen": ("Arbetsförmedlingen", "Public Employment Service"),
    "forsakringskassan": ("Försäkringskassan", "Social Insurance Agency"),
    "kommun": ("Kommunen", "Municipality"), "region": ("Regionen", "Region (health care)"),
    "skola": ("Skola", "School"), "egen_anmalan": ("Egen anmälan", "Self-referral"),
    "annan": ("Annan", "Other"),
    # income sources
    "forsorjningsstod": ("Försörjningsstöd", "Social assistance"),
    "aktivitetsersattning": ("Aktivitetsersättning", "Activity compensation"),
    "sjukersattning": ("Sjukersättning", "Sickness compensation"),
    "sjukpenning": ("Sjukpenning", "Sickness benefit"),
    "aktivitetsstod": ("Aktivitetsstöd", "Activity support"),
    "a_kassa": ("A-kassa", "Unemployment insurance"), "lon": ("Lön", "Wages"),
    "studiemedel": ("Studiemedel", "Study allowance"), "ingen": ("Ingen", "None"),
    # outcomes
    "arbete": ("Arbete", "Work"), "studier": ("Studier", "Studies"),
    "arbetssokande": ("Arbetssökande", "Seeking work"),
    "arbetsforberedande": ("Arbetsförberedande insats", "Work-preparing measure"),
    "arbetslivsinriktad_rehabilitering": ("Arbetslivsinriktad rehabilitering", "Vocational rehabilitation"),
    "medicinsk_rehabilitering": ("Medicinsk rehabilitering/vård", "Medical rehabilitation/care"),
    "sjuk_aktivitetsersattning": ("Sjuk- eller aktivitetsersättning", "Sickness or activity compensation"),
    "daglig_verksamhet": ("Daglig verksamhet", "Daily activity (LSS/SoL)"),
    "annan_insats": ("Annan insats", "Another intervention"),
    "utebliven_kontakt": ("Utebliven kontakt", "Contact lost"), "flyttat": ("Flyttat", "Moved away"),
    # SUS groups
    "forvarvsarbete": ("Förvärvsarbete", "Employment"),
    "aktivt_arbetssokande": ("Aktivt arbetssökande", "Actively seeking work"),
    "ovriga_avslutade": ("Övriga avslutade", "Other exits"),
    # absence reasons
    "sjukdom": ("Sjukdom", "Illness"), "vard_av_barn": ("Vård av barn", "Care of a child"),
    "psykisk_ohalsa": ("Psykisk ohälsa", "Mental ill health"),
    # yes/no, progression directions
    "ja": ("Ja", "Yes"), "nej": ("Nej", "No"),
    "forbattrad": ("Förbättrad", "Improved"), "oforandrad": ("Oförändrad", "Unchanged"),
    "forsamrad": ("Försämrad", "Worse"),
    # goal populations
    "avslutade": ("avslutade deltagare", "participants who ended"),
    "narvarotillfallen": ("planerade tillfällen", "planned occasions"),
    "handrakning": ("uppgift i insats.yaml", "figure from insats.yaml"),
    # section headings
    "h_deltagare": ("Deltagare", "Participants"),
    "h_utfall": ("Utfall och måluppfyllelse", "Outcomes and goals"),
    "h_narvaro": ("Närvaro", "Attendance"),
    "h_progression": ("Progression", "Progression"),
    "h_kartlaggning": ("Kartläggning vid inskrivning", "Baseline mapping"),
    "h_ekonomi": ("Ekonomi", "Economy"),
    "h_datakvalitet": ("Datakvalitet", "Data quality"),
    # column headers
    "c_population": ("Population", "Population"), "c_antal": ("Antal", "Count"),
    "c_andel": ("Andel", "Share"), "c_grupp": ("Grupp", "Group"),
    "c_kon": ("Kön", "Gender"), "c_aldersgrupp": ("Åldersgrupp", "Age group"),
    "c_kommun": ("Kommun", "Municipality"), "c_anvisare": ("Anvisare", "Referred by"),
    "c_forsorjning": ("Försörjning", "Income source"), "c_fore": ("Vid start", "At start"),
    "c_efter": ("Vid avslut", "At exit"), "c_namnare": ("Jämförda", "Compared"),
    "c_utfall": ("Utfall", "Outcome"), "c_sus_grupp": ("SUS-grupp", "SUS group"),
    "c_mal": ("Mål", "Goal"), "c_taljare": ("Täljare", "Numerator"),
    "c_namnare_mal": ("Nämnare", "Denominator"), "c_varde": ("Utfall", "Result"),
    "c_malvarde": ("Målvärde", "Target"), "c_uppnatt": ("Uppnått", "Reached"),
    "c_ki": ("95\u00a0% KI", "95\u00a0% CI"), "c_deltagare": ("Deltagare", "Participants"),
    "c_planerade": ("Planerade", "Planned"), "c_narvarande": ("Närvarande", "Attended"),
    "c_narvaro": ("Närvaro", "Attendance"), "c_manad": ("Månad", "Month"),
    "c_orsak": ("Orsak", "Reason"), "c_tillfallen": ("Frånvarotillfällen", "Absent occasions"),
    "c_intervall": ("Närvaro", "Attendance"),
    "c_indikator": ("Indikator", "Indicator"),
    "c_medelforandring": ("Medelförändring", "Mean change"),
    "c_forsta_medel": ("Medel första", "Mean first"), "c_senaste_medel": ("Medel senaste", "Mean latest"),
    "c_p": ("p (Holm)", "p (Holm)"),
    "c_fraga": ("Fråga", "Question"), "c_svar": ("Svar", "Answer"),
    "c_besvarade": ("Besvarade", "Answered"), "c_ej_besvarade": ("Ej besvarade", "Not answered"),
    "c_period": ("Period", "Period"), "c_post": ("Post", "Item"),
    "c_beviljat": ("Beviljat", "Granted"), "c_kostnad": ("Utfall", "Costs"),
    "c_prognos": ("Prognos", "Forecast"), "c_forbrukningsgrad": ("Förbrukningsgrad", "Utilisation"),
    "c_kvar": ("Kvar", "Remaining"), "c_kostnad_per_deltagare": ("Kostnad per deltagare",
                                                                 "Cost per participant"),
    "c_fil": ("Fil", "File"), "c_rader": ("Rader", "Rows"), "c_av": ("Av antal", "Out of"), "c_rad": ("Rad", "Row"),
    "c_kolumn": ("Kolumn", "Column"), "c_alder": ("Ålder (födelseår)", "Age (birth year)"),
    "c_forsorjning_start": ("Försörjning vid start", "Income source at start"),
    "c_forsorjning_slut": ("Försörjning vid avslut", "Income source at exit"),
    "c_gemensam_planering": ("Gemensam planering", "Joint plan"), "c_saknas": ("Saknas", "Missing"),
    "c_metod": ("Metod", "Method"), "c_topp": ("Mest frånvarande", "Most absent"),
    "c_franvaro": ("Frånvaro", "Absence"), "c_franvaro_topp": ("Deras frånvaro", "Their absence"),
    "c_andel_franvaro": ("Andel av all frånvaro", "Share of all absence"),
    # words in figures and notes
    "w_deltagare": ("deltagare", "participants"), "w_antal_deltagare": ("Antal deltagare",
                                                                         "Number of participants"),
    "w_andel": ("Andel", "Share"), "w_mal": ("Mål", "Goal"), "w_kronor": ("Kronor", "SEK"),
    "w_rapportperiod": ("Rapportperiod", "Report period"), "w_ki": ("95\u00a0% konfidensintervall",
                                                                   "95\u00a0% confidence interval"),
    "w_medel": ("Medelvärde", "Mean"), "w_forsta": ("Första skattning", "First rating"),
    "w_senaste": ("Senaste skattning", "Latest rating"), "w_maskerad": ("färre än {k}", "fewer than {k}"),
    "w_uppnatt": ("uppnått", "reached"), "w_ej_uppnatt": ("ej uppnått", "not reached"),
    "w_matvarde": ("Utfall", "Result"), "w_andel_deltagare": ("Andel av deltagarna",
                                                               "Share of participants"),
    "w_andel_svarande": ("Andel av de svarande", "Share of those answering"),
    "w_n": ("n", "n"), "w_ar": ("år", "years"), "w_och_aldre": ("år och äldre", "years and older"),
    "w_hogst": ("högst", "up to"), "w_tom": ("t.o.m.", "up to"),
    # the report's header and notes ({…} are filled in by the report)
    "r_halvar": ("Halvårsrapport", "Half-year report"), "r_tertial": ("Tertialrapport", "Four-month report"),
    "r_rapport": ("Rapport", "Report"),
    "r_forbund": ("Samordningsförbund", "Coordination association"),
    "r_agare": ("Insatsägare", "Intervention owner"), "r_kommuner": ("Kommuner", "Municipalities"),
    "r_insatsperiod": ("Insatsperiod", "Intervention period"),
    "n_harledd": ("–: beräknas från ett dolt tal", "–: computed from a hidden number"),
    "n_sekundar": ("X: dolt så att ett maskerat antal inte kan räknas fram ur andra tal, eller antal "
                   "tillfällen för färre personer än gränsen",
                   "X: hidden so that a masked count cannot be worked out from other numbers, or "
                   "occasions of fewer persons than the threshold"),
    "n_radnummer": ("Radnummer för varje rad finns i datakvalitet.csv (rubrikraden är rad 1).",
                    "Row numbers are in datakvalitet.csv (the header is row 1)."),
    "n_inga_utelamnade": ("Inga rader har lämnats utanför figurerna.", "No rows were left out of the figures."),
    "n_utan_data": ("Utan data, och därför inte med i rapporten: {names}.",
                    "No data, so not in the report: {names}."),
    "n_maskering": ("Sekretess: antal under {k} personer visas inte ({cells} celler). Där ett dolt antal "
                    "skulle kunna räknas fram ur en summa (en kolumns totalsumma, en rads delar eller "
                    "samma tal i en annan tabell) döljs fler celler, de minsta först, tills det inte går "
                    "({secondary} celler). Andelar och intervall som beräknas från ett dolt tal visas "
                    "inte heller.",
                    "Confidentiality: counts below {k} persons are not shown ({cells} cells). Where a "
                    "hidden count could be worked out from a sum (a column's total, a row's parts or the "
                    "same number in another table), more cells are hidden, smallest first, until it "
                    "cannot ({secondary} cells). Shares and intervals computed from a hidden number are "
                    "not shown either."),
    "n_version": ("Gjord med evaltools {version}.", "Made with evaltools {version}."),
    "n_koncentration": ("De {top} deltagare som har mest frånvaro ({top_share} av {all}) står för "
                        "{share} av all frånvaro.",
                        "The {top} participants with the most absence ({top_share} of {all}) account "
                        "for {share} of all absence."),
    # titles of tables and figures
    "t_deltagarflode": ("Deltagarflöde", "Participant flow"),
    "t_deltagare_per_kon": ("Deltagare per kön", "Participants by gender"),
    "t_deltagare_per_aldersgrupp": ("Deltagare per åldersgrupp (ålder vid start)",
                                    "Participants by age group (age at start)"),
    "t_deltagare_per_kommun": ("Deltagare per kommun", "Participants by municipality"),
    "t_deltagare_per_anvisare": ("Deltagare per anvisare", "Participants by referrer"),
    "t_forsorjning": ("Försörjning vid start och vid avslut", "Income source at start and at exit"),
    "t_utfall": ("Utfall vid avslut", "Outcome at exit"),
    "t_utfall_sus": ("Utfall vid avslut i SUS-grupper", "Outcome at exit in SUS groups"),
    "t_maluppfyllelse": ("Måluppfyllelse", "Goal attainment"),
    "t_narvaro": ("Närvaro", "Attendance"),
    "t_narvaro_per_aldersgrupp": ("Närvaro per åldersgrupp", "Attendance by age group"),
    "t_narvaro_per_kon": ("Närvaro per kön", "Attendance by gender"),
    "t_narvaro_per_kommun": ("Närvaro per kommun", "Attendance by municipality"),
    "t_narvaro_fordelning": ("Deltagarnas närvaro", "Participants' attendance"),
    "t_narvaro_per_manad": ("Närvaro per månad", "Attendance by month"),
    "t_franvaro_orsaker": ("Frånvaro per orsak", "Absence by reason"),
    "t_franvaro_koncentration": ("Hur frånvaron fördelar sig", "How absence is spread"),
    "t_progression": ("Förändring mellan första och senaste skattning",
                      "Change between first and latest rating"),
    "t_progression_radar": ("Medelvärde vid första och senaste skattning",
                            "Mean at first and latest rating"),
    "t_kartlaggning": ("Kartläggning vid inskrivning", "Baseline mapping"),
    "t_kartlaggning_ja": ("Andel som svarat ja", "Share answering yes"),
    "t_ekonomi_per_period": ("Beviljade medel och utfall per period", "Granted funds and costs by period"),
    "t_ekonomi_per_post": ("Beviljade medel och utfall per post", "Granted funds and costs by item"),
    "t_ekonomi_per_kommun": ("Beviljade medel och utfall per kommun",
                             "Granted funds and costs by municipality"),
    "t_kostnad_per_deltagare": ("Kostnad per deltagare", "Cost per participant"),
    "t_datakvalitet": ("Rader som inte ingår i figurerna", "Rows left out of the figures"),
    "t_saknade_uppgifter": ("Saknade uppgifter i deltagarfilen", "Missing values in the participant file"),
    # data-quality reasons (evaltools.quality.REASONS): why a row is left out, {…} filled in by the log.
    # The Swedish text is what datakvalitet.csv and the log store; each must read as exactly one
    # template (evaltools.quality translates by matching it), so no two may render alike.
    "q_saknas": ("{kolumn} saknas", "{kolumn} is empty"),
    "q_narvaro_saknas": ("uppgift om närvaro (ja/nej) saknas", "attendance (yes/no) is missing"),
    "q_varde_saknas": ("värde saknas (ej skattat)", "value is missing (not rated)"),
    "q_okand_deltagare": ("deltagaren finns inte i deltagarfilen",
                          "the participant is not in the participant file"),
    "q_annat_instrument": ("annat instrument än {instrument} (progression.instrument)",
                           "an instrument other than {instrument} (progression.instrument)"),
    "q_inget_belopp": ("inget belopp (beviljat, utfall eller prognos) ifyllt",
                       "no amount (beviljat, utfall or prognos) filled in"),
    "q_dubblett_narvaro": ("dubblett: samma deltagare och datum som en tidigare rad",
                           "duplicate: same participant and date as an earlier row"),
    "q_dubblett_narvaro_aktivitet": ("dubblett: samma deltagare, datum och aktivitet som en tidigare rad",
                                     "duplicate: same participant, date and activity as an earlier row"),
    "q_dubblett_skattning": ("dubblett: samma deltagare, indikator och datum som en tidigare rad",
                             "duplicate: same participant, indicator and date as an earlier row"),
    "q_dubblett_fraga": ("dubblett: samma deltagare och fråga som en tidigare rad",
                         "duplicate: same participant and question as an earlier row"),
    "q_fore_start": ("datum före deltagarens startdatum", "dated before the participant's start date"),
    "q_efter_slut": ("datum efter deltagarens slutdatum", "dated after the participant's exit date"),
    "q_period_fore_start": ("perioden slutar före deltagarens startdatum",
                            "the period ends before the participant's start date"),
    "q_period_efter_slut": ("perioden börjar efter deltagarens slutdatum",
                            "the period begins after the participant's exit date"),
    # data-quality warnings: rows that are counted, but look wrong
    "v_okand_kommun": ("kommunen '{kommun}' finns inte bland kommuner i insats.yaml",
                       "the municipality '{kommun}' is not listed under kommuner in insats.yaml"),
    "n_varning": ("Varning, {fil}: {orsak} (antal rader: {rader}). Raderna räknas med; rätta värdet i "
                  "filen eller lägg till det i insats.yaml.",
                  "Warning, {fil}: {orsak} (rows: {rader}). The rows are counted; correct the value in "
                  "the file or add it to insats.yaml."),
    "w_blad": ("blad", "sheet"),
}


def label(key: object, language: str = "sv") -> str:
    """The words for a code or text key in ``language``; an unknown key is returned as written."""
    entry = _L.get(str(key))
    if entry is None:
        return str(key)
    return entry[1] if language == "en" else entry[0]
