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
    "n_maskering": ("Sekretess: {cells} celler visas inte eftersom de räknar färre än {k} personer (eller "
                    "bygger på sådana antal), och {secondary} celler till så att de inte kan räknas fram; "
                    "regeln står under Metod.",
                    "Confidentiality: {cells} cells are not shown because they count fewer than {k} persons "
                    "(or are computed from such counts), and {secondary} more so that those cannot be "
                    "worked out; the rule is under Method."),
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
    # the board report: headings, captions, period words ({…} are filled in by the report)
    "h_sammanfattning": ("Sammanfattning", "Summary"), "h_metod": ("Metod", "Method"),
    "h_bilaga": ("Bilaga: tabeller", "Appendix: tables"), "h_innehall": ("Innehåll", "Contents"),
    "n_bilaga": ("Tabellerna visar talen bakom figurerna i rapporten. Alla tabeller finns också i mappen "
                 "tabeller/ (CSV och Excel).",
                 "The tables give the numbers behind the report's figures. Every table is also in the "
                 "folder tabeller/ (CSV and Excel)."),
    "w_tabell": ("Tabell", "Table"), "w_figur": ("Figur", "Figure"),
    "w_farre_an": ("färre än {k}", "fewer than {k}"),
    "r_data_tom": ("Uppgifter t.o.m.", "Data up to"), "r_version": ("Framtagen med", "Made with"),
    "p_hela": ("hela insatsperioden", "the whole intervention period"), "p_ar": ("år", ""),
    "p_h1": ("första halvåret", "the first half of"), "p_h2": ("andra halvåret", "the second half of"),
    # whom and when a table or figure counts
    "s_flode": ("Rapportperiod: {period} ({start} – {slut}). \"Sedan start\" räknar alla som skrivits in "
                "sedan insatsen började.",
                "Report period: {period} ({start} – {slut}). \"Since start\" counts everyone enrolled "
                "since the intervention began."),
    "s_startade": ("Alla som skrivits in t.o.m. {slut}, sedan start", "Everyone enrolled up to {slut}, since start"),
    "s_avslutade": ("Avslutade t.o.m. {slut}, sedan start", "Ended up to {slut}, since start"),
    "s_forsorjning": ("Avslutade t.o.m. {slut} med försörjning angiven både vid start och avslut",
                      "Ended up to {slut} with an income source given both at start and at exit"),
    "s_mal": ("Sedan start t.o.m. {slut}; nämnaren står vid varje mål",
              "Since start up to {slut}; the denominator is given for each goal"),
    "s_narvaro": ("Alla planerade tillfällen t.o.m. {slut}, sedan start; n = deltagare",
                  "Every planned occasion up to {slut}, since start; n = participants"),
    "s_progression": ("Deltagare med minst två skattningar t.o.m. {slut}: första mot senaste",
                      "Participants with at least two ratings up to {slut}: first against latest"),
    "s_ekonomi": ("Hela insatsperioden, kronor", "The whole intervention period, SEK"),
    # the summary's sentences
    "m_start": ("Sedan start har {n} deltagare skrivits in", "Since the start, {n} participants have enrolled"),
    "m_start_kon": ("Sedan start har {n} deltagare skrivits in, varav {women} kvinnor och {men} män",
                    "Since the start, {n} participants have enrolled, {women} women and {men} men"),
    "m_period": ("Under {period} var {active} deltagare aktiva, varav {new} nya",
                 "During {period}, {active} participants were active, {new} of them new"),
    "m_avslut_period": ("Under perioden avslutades {ended}, och {ongoing} var inskrivna vid periodens slut",
                        "During the period {ended} ended, and {ongoing} were enrolled at its end"),
    "m_pagaende": ("Vid periodens slut var {ongoing} fortfarande inskrivna",
                   "At the end of the period, {ongoing} were still enrolled"),
    "m_avslutade": ("Sedan start har {n} avslutats", "Since the start, {n} have ended"),
    "m_malet": ("; {hits} av dem ({share}) gick vidare till {goal}, mot målet {target}",
                "; {hits} of them ({share}) went on to {goal}, against the goal of {target}"),
    "m_malet_utan_andel": ("; {hits} av dem gick vidare till {goal} (målet {target})",
                           "; {hits} of them went on to {goal} (goal {target})"),
    "m_mal_uppnadda": ("Av insatsens {all} mål är {reached} uppnådda", "Of the intervention's {all} goals, {reached} are reached"),
    "m_mal_uppnadda_dolda": ("Av insatsens {all} mål kan {shown} redovisas utan att röja enskilda, och av dem är "
                             "{reached} uppnådda",
                             "Of the intervention's {all} goals, {shown} can be reported without identifying "
                             "anyone, and {reached} of them are reached"),
    "m_narvaro": ("Närvaron har sedan start varit {share} av de planerade tillfällena",
                  "Since the start, attendance has been {share} of the planned occasions"),
    "m_mot_malet": (", mot målet {target}", ", against the goal of {target}"),
    "m_ekonomi": ("Av beviljade {granted} har {spent} använts ({share})",
                  "Of the {granted} granted, {spent} has been used ({share})"),
    # the methods section
    "me_populationer": ("Rapporten gäller {period} ({start} – {slut}). Varje tabell och figur säger vilka "
                        "den räknar: \"sedan start\" är alla som skrivits in sedan insatsen började, t.o.m. "
                        "periodens slut; \"under perioden\" är de som var inskrivna någon dag av perioden; "
                        "\"avslutade\" är de som avslutats t.o.m. periodens slut.",
                        "The report covers {period} ({start} – {slut}). Each table and figure says whom "
                        "it counts: \"since start\" is everyone enrolled since the intervention began, up "
                        "to the end of the period; \"during the period\" is those enrolled on some day of "
                        "it; \"ended\" is those who ended by the end of the period."),
    "me_namnare": ("Utfall vid avslut och mål som gäller utfall räknas bland de avslutade (eller bland alla "
                   "inskrivna, där målet säger det); täljare och nämnare står alltid utskrivna.",
                   "Outcomes at exit and outcome goals count among those who ended (or among everyone "
                   "enrolled, where the goal says so); the numerator and denominator are always given."),
    "me_intervall": ("Ett 95 % konfidensintervall (Wilson) visar hur säker en andel är: med få deltagare "
                     "är intervallet brett. Ett mål räknas som uppnått när utfallet är minst målvärdet.",
                     "A 95 % confidence interval (Wilson) shows how certain a share is: with few "
                     "participants it is wide. A goal counts as reached when the result is at least the "
                     "target."),
    "me_narvaro": ("Närvaron är närvarande tillfällen delat med planerade, sammanlagt för alla deltagare. "
                   "Tillfällena hör till deltagare, så osäkerheten räknas på antalet deltagare (GEE med "
                   "robust, biasreducerad standardfel), inte på antalet tillfällen.",
                   "Attendance is attended occasions divided by planned ones, summed over all participants. "
                   "Occasions belong to participants, so the uncertainty is that of the number of "
                   "participants (GEE with a robust, bias-reduced standard error), not of occasions."),
    "me_progression": ("Progression jämför varje deltagares första och senaste skattning per indikator; "
                       "teckentestet (exakt, binomial) prövar om fler förbättrats än försämrats, med "
                       "Holms korrektion för flera indikatorer.",
                       "Progression compares each participant's first and latest rating per indicator; the "
                       "sign test (exact, binomial) tests whether more improved than worsened, with Holm's "
                       "correction for several indicators."),
    "me_sekretess": ("Sekretess: antal under {k} personer visas inte (<{k}). Där ett dolt antal skulle kunna "
                     "räknas fram ur en summa, till exempel en kolumns total eller samma tal i en annan "
                     "tabell, döljs fler tal (X), de minsta först. Andelar och intervall som räknas från "
                     "ett dolt tal visas inte (–). nyckeltal.json innehåller de exakta talen och publiceras "
                     "inte.",
                     "Confidentiality: counts below {k} persons are not shown (<{k}). Where a hidden count "
                     "could be worked out from a sum, such as a column's total or the same number in "
                     "another table, more numbers are hidden (X), smallest first. Shares and intervals "
                     "computed from a hidden number are not shown (–). nyckeltal.json holds the exact "
                     "numbers and is not published."),
    "me_sekretess_av": ("Sekretess: maskering av små antal är avstängd (sekretess.min_antal: 0); rapporten "
                        "ska inte publiceras utan granskning.",
                        "Confidentiality: masking of small counts is off (sekretess.min_antal: 0); the "
                        "report must not be published without review."),
    # the evaluator's sections (text/<key>.md)
    "x_mal_syfte_metod": ("Mål, syfte och metod", "Goals, purpose and method"),
    "x_avvikelse": ("Avvikelse i fråga om mål, syfte och metod", "Deviations from goals, purpose and method"),
    "x_aktorernas_delaktighet": ("Aktörernas (AF, FK, region och kommun) delaktighet i insatsen",
                                 "The authorities' (PES, SIA, region and municipality) part in the intervention"),
    "x_andra_organisationer": ("Har andra organisationer varit aktiva?", "Have other organisations been active?"),
    "x_samverkan": ("Hur har samverkan mellan myndigheterna förbättrats och hur har det gagnat deltagarna?",
                    "How has cooperation between the authorities improved, and how has it benefited the "
                    "participants?"),
    "x_brukarmedverkan": ("Brukarmedverkan", "User participation"),
    "x_lardomar": ("Lärdomar", "Lessons learned"),
    "x_implementering": ("Implementering", "Implementation"),
    # the statistics tables: headers, codes and titles
    "c_skillnad": ("Skillnad mot referens", "Difference from reference"),
    "c_skillnad_ki": ("Skillnadens 95 % KI", "Difference, 95 % CI"),
    "c_jamforelse": ("Jämförelse", "Comparison"), "c_avslutade": ("Avslutade", "Ended"),
    "c_pagaende": ("Pågående", "Ongoing"), "c_median_dagar": ("Median, dagar", "Median, days"),
    "c_status": ("Redovisning", "Reporting"), "c_dagar": ("Dagar", "Days"),
    "c_andel_kvar": ("Andel kvar", "Share remaining"), "c_i_risk": ("Kvar i insatsen", "Still enrolled"),
    "c_forandring": ("Förändring", "Change"), "c_forandrade": ("Förändrade", "Changed"),
    "c_skattningar": ("Skattningar", "Ratings"), "c_lutning": ("Förändring per månad", "Change per month"),
    "c_bedomning": ("Bedömning", "Assessment"),
    "referens": ("referens", "reference"), "jamford": ("jämförd", "compared"),
    "for_fa": ("för få för jämförelse", "too few to compare"),
    "okand_grupp": ("uppgift saknas", "missing"), "andel_0_eller_1": ("0 eller 100 %: ingen modell", "0 or 100 %: no model"),
    "redovisas": ("redovisas", "reported"), "median_ej_nadd": ("fler än hälften kvar", "more than half still enrolled"),
    "inga_deltagare": ("inga deltagare", "no participants"), "ej_konvergerad": ("modellen konvergerade inte", "the model did not converge"),
    "hessian_ej_positivt_definit": ("modellen är osäker (Hessian)", "the model is unstable (Hessian)"),
    "pa_randen": ("ingen variation mellan deltagare", "no variation between participants"),
    "ingen_tidsspridning": ("skattningar vid samma tid", "ratings at the same time"),
    "for_manga": ("för många deltagare för modellen", "too many participants for the model"),
    "over_malet": ("tydligt över målet", "clearly above the goal"),
    "under_malet": ("tydligt under målet", "clearly below the goal"),
    "forenligt_med_malet": ("förenligt med målet", "consistent with the goal"),
    "t_mal_per_kon": ("Målet per kön", "The goal by gender"),
    "t_mal_per_aldersgrupp": ("Målet per åldersgrupp", "The goal by age group"),
    "t_mal_per_kommun": ("Målet per kommun", "The goal by municipality"),
    "t_narvaro_skillnad_kon": ("Närvaro per kön, med skillnad", "Attendance by gender, with the difference"),
    "t_narvaro_skillnad_aldersgrupp": ("Närvaro per åldersgrupp, med skillnad",
                                       "Attendance by age group, with the difference"),
    "t_narvaro_skillnad_kommun": ("Närvaro per kommun, med skillnad", "Attendance by municipality, with the difference"),
    "t_tid_i_insatsen": ("Tid i insatsen (Kaplan–Meier)", "Time in the intervention (Kaplan–Meier)"),
    "t_tid_i_insatsen_kurva": ("Andel kvar i insatsen över tid", "Share still enrolled over time"),
    "t_progression_forandring": ("Hur mycket skattningarna ändrades", "How much the ratings changed"),
    "t_progression_wilcoxon": ("Wilcoxons teckenrangtest (kompletterande)", "Wilcoxon signed-rank test (secondary)"),
    "t_progression_modell": ("Förändring över alla skattningar (modell)", "Change over all ratings (model)"),
    "h_tid": ("Tid i insatsen", "Time in the intervention"),
    "n_dolt_i_text": ("{what}: siffrorna redovisas inte här, eftersom någon av grupperna är så liten att "
                      "enskilda deltagare skulle kunna pekas ut.",
                      "{what}: the numbers are not given here, because a group is so small that individual "
                      "participants could be identified."),
    "w_andel_mal": ("andelen som nådde målet \u201d{goal}\u201d", "the share reaching the goal \u201c{goal}\u201d"),
    "w_referenser": ("Referenser:", "References:"),
    # figures for print (issue 9) and the statistics figures: axes, notes, goal lines, alt text
    "w_kronor_kr": ("Kronor (kr)", "SEK"), "w_kronor_tkr": ("Tusen kronor (tkr)", "Thousand SEK (kSEK)"),
    "w_kronor_mnkr": ("Miljoner kronor (mnkr)", "Million SEK (MSEK)"),
    "w_kr": ("kr", "SEK"), "w_tkr": ("tkr", "kSEK"), "w_mnkr": ("mnkr", "MSEK"),
    "w_ki_not": ("Strecken visar 95\u00a0% konfidensintervall.", "The whiskers show 95\u00a0% confidence intervals."),
    "w_ki_band_not": ("Det ljusa bandet visar 95\u00a0% konfidensintervall.",
                      "The light band shows the 95\u00a0% confidence interval."),
    "w_ki_skillnad_not": ("Strecken visar skillnadens 95\u00a0% konfidensintervall; ett intervall som korsar "
                          "nollinjen visar ingen säker skillnad.",
                          "The whiskers show the difference's 95\u00a0% confidence interval; an interval that "
                          "crosses the zero line shows no clear difference."),
    "w_ej_uppnatt_not": ("Ljus, streckad stapel: målet är inte uppnått.",
                         "Light, hatched bar: the goal is not reached."),
    "w_antal": ("Antal", "Number"), "w_mal_antal": ("Mål i antal (egen skala)", "Goals as counts (own scale)"),
    "w_pe": ("p.e.", "pp"), "w_procentenheter": ("procentenheter", "percentage points"), "w_till": ("till", "to"),
    "w_ki_kort": ("KI", "CI"), "w_skillnad_mot": ("Skillnad mot {ref}", "Difference from {ref}"),
    "w_beskrivande": ("beskrivande (för få)", "descriptive (too few)"),
    "w_ihalig": ("Ihålig punkt: för få deltagare för intervall och jämförelse; andelen är bara beskrivande.",
                 "Hollow dot: too few participants for an interval or a comparison; the share is descriptive only."),
    "w_n_deltagare": ("Deltagare:", "Participants:"),
    "w_gra_manad": ("Grå månad: närvaron visas inte, eftersom den bygger på för få deltagare eller på ett dolt tal.",
                    "Grey month: attendance is not shown, because it rests on too few participants or on a "
                    "hidden number."),
    "w_halften_kvar": ("Hälften kvar", "Half still enrolled"), "w_median_dagar": ("Median {d} dagar", "Median {d} days"),
    "w_kvar_n": ("Kvar:", "Enrolled:"), "w_dagar_sedan_start": ("Dagar sedan start", "Days since start"),
    "w_kurva_slutar": ("Kurvan slutar vid den sista tidpunkt då minst {k} deltagare är kvar att följa.",
                       "The curve stops at the last time at least {k} participants are left to follow."),
    "w_skala": ("Skala", "Scale"), "w_skattning_skala": ("Medelvärde på skalan", "Mean on the scale"),
    "w_forsta_medel": ("Första skattning (medelvärde)", "First rating (mean)"),
    "w_senaste_medel": ("Senaste skattning (medelvärde)", "Latest rating (mean)"),
    "w_forandring_steg": ("Förändring mellan första och senaste skattning (steg på skalan)",
                          "Change between first and latest rating (steps on the scale)"),
    "w_samma_skala": ("Staplarna har samma skala i alla rader; talet över stapeln är antalet deltagare.",
                      "The bars share one scale in every row; the number above a bar is the number of participants."),
    "w_under": ("under", "below"), "w_narvaro_per_deltagare": ("Deltagarens närvaro", "The participant's attendance"),
    "w_alla_inskrivna": ("Alla inskrivna", "Everyone enrolled"),
    "t_progression_punkter": ("Medelvärde vid första och senaste skattning, per indikator",
                              "Mean at first and latest rating, by indicator"),
    "s_kartlaggning_ja": ("Ja/nej-frågor; n = de som besvarat frågan", "Yes/no questions; n = those who answered"),
    "s_tid": ("Alla som skrivits in t.o.m. {slut} (n = {n}); de som är kvar följs till periodens slut",
              "Everyone enrolled up to {slut} (n = {n}); those still enrolled are followed to the period's end"),
    "s_mal_grupp": ("Målet {goal}, bland {who} t.o.m. {slut}", "The goal {goal}, among {who} up to {slut}"),
    "alt_dolt": ("dolt", "not shown"), "alt_och": ("och", "and"), "alt_fler": ("{n} till", "{n} more"),
    "alt_alla": ("alla", "all"), "alt_inget_visas": ("inga värden kan visas", "no values can be shown"),
    "alt_mal": ("{name} {value} mot målet {target}", "{name} {value} against the goal of {target}"),
    "alt_manad": ("{title}, {span}: lägst {low} ({low_month}), högst {high} ({high_month}), senast {last} "
                  "({last_month})", "{title}, {span}: lowest {low} ({low_month}), highest {high} ({high_month}), "
                  "latest {last} ({last_month})"),
    "alt_dolda_manader": ("{n} månader visas inte", "{n} months not shown"),
    "alt_forsta_senaste": ("medelvärde vid första → senaste skattning", "mean at first → latest rating"),
    "alt_dolda_indikatorer": ("{n} indikatorer visas inte", "{n} indicators not shown"),
    "alt_ekonomi_totalt": ("totalt beviljat {granted}, utfall {spent}", "in total granted {granted}, costs {spent}"),
    "alt_km": ("av {who} ({n}) hade hälften avslutat efter {d} dagar",
               "of {who} ({n}), half had ended after {d} days"),
    "alt_km_kvar": ("av {who} ({n}) var {share} kvar efter {d} dagar", "of {who} ({n}), {share} were still enrolled "
                    "after {d} days"),
    "alt_steg_antal": ("förändring i steg: antal deltagare", "change in steps: number of participants"),
}


def label(key: object, language: str = "sv") -> str:
    """The words for a code or text key in ``language``; an unknown key is returned as written."""
    entry = _L.get(str(key))
    if entry is None:
        return str(key)
    return entry[1] if language == "en" else entry[0]
