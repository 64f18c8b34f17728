#!/usr/bin/python3
"""Synthetic but realistic national dataset of conventions and actions for `pilot action import`.

Every département and métropole signatory of schemas/territoires.yaml gets its conventions (a CLS and a
CIE, or one contrat unique holding both; a CLS for a métropole), each with 20 to 60 actions (or a share
of --actions N), budget lines for the four years 2024-2027 (2024-2025 for a CIE, which lasts a year) and 3 to 6 indicators with a yearly target.
Files are written the way French Excel saves CSV: ';' separator, UTF-8 with BOM (or Windows-1252 with
--encoding cp1252), CRLF, decimal comma, amounts as « 12 500,00 € », dates JJ/MM/AAAA, Oui/Non,
multiple choices joined by « ; » inside quoted cells. Every file imports cleanly with
`pilot action import DIR/*.csv --convention ID`.

Output (DIR = --out):
  DIR/conventions.txt         one line per convention: collectivité|type|signature|folder
  DIR/<folder>/actions.csv     one row per action (form fields, « Formulaire » column for contrats uniques)
  DIR/<folder>/budget.csv      one row per year and financer (and nature de dépenses for CIE actions)
  DIR/<folder>/indicateurs.csv one row per indicator and year

Deterministic: the same --seed and options give byte-identical files. Standard library only; memory stays
flat whatever --actions (rows are written as they are generated).

  scripts/generate-dataset.py --out /tmp/dataset                       # national, 20-60 actions each
  scripts/generate-dataset.py --out /tmp/big --actions 1000000 --collectivite CD59
"""

import argparse
import csv
import os
import random
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
YEARS = (2024, 2025, 2026, 2027)
CIE_YEARS = (2024, 2025)  # a CIE lasts a year from its signature in 2024: its lines stay in its period

# The guide's example conventions keep their real type and signature date (seeds/000).
GUIDE = {
    "MET-AMIENS": ("cls", "28/06/2024"),
    "CD59": ("unique", "20/06/2024"),
    "CD80": ("unique", "01/06/2024"),
    "CD62": ("cls", "15/04/2024"),
}
CONTRATS_UNIQUES = 39  # 2024: 39 départements chose a contrat unique (the Pilot'actions guide)

# --- Reference data read from schemas/ ------------------------------------------------------------------


def read_signatories(path):
    """(code, nom, type) of every collectivité of territoires.yaml, in file order."""
    out = []
    in_section = False
    for line in open(path, encoding="utf-8"):
        if line.startswith("collectivites:"):
            in_section = True
            continue
        if in_section and re.match(r"^\S", line):
            break
        if not in_section:
            continue
        m = re.match(r'\s*- \{code: "([^"]+)", nom: "([^"]+)", type: (\w+)', line)
        if m:
            out.append(m.groups())
    return out


def read_choice_labels(path):
    """list id -> {code: label} from choices.yaml (flow and block entries)."""
    lists = {}
    current = None
    pending = None
    for line in open(path, encoding="utf-8"):
        m = re.match(r"\s*- id: (\w+)", line)
        if m:
            current = lists.setdefault(m.group(1), {})
            pending = None
            continue
        if current is None:
            continue
        m = re.match(r'\s*- \{code: (\w+), label: "([^"]*)"', line)
        if m:
            current[m.group(1)] = m.group(2)
            continue
        m = re.match(r"\s*- code: (\w+)", line)
        if m:
            pending = m.group(1)
            continue
        m = re.match(r'\s*label: "([^"]*)"', line)
        if m and pending:
            current[pending] = m.group(1)
            pending = None
    return lists


def read_indicators(path):
    """code -> (label, unit, part_of) from referentiel-indicateurs.yaml."""
    out = {}
    code = None
    for line in open(path, encoding="utf-8"):
        m = re.match(r"\s*- \{code: (\w+), label: \"([^\"]*)\", unit: (\w+)(.*)", line)
        if m:
            part = re.search(r"part_of: (\w+)", m.group(4))
            out[m.group(1)] = (m.group(2), m.group(3), part.group(1) if part else "")
            code = None
            continue
        m = re.match(r"\s*- code: (\w+)", line)
        if m:
            code = m.group(1)
            out[code] = ["", "", ""]
            continue
        if code is None:
            continue
        for key, index in (("label", 0), ("unit", 1), ("part_of", 2)):
            m = re.match(r"\s*%s: (.*)" % key, line)
            if m:
                out[code][index] = m.group(1).strip().strip('"')
    return {k: tuple(v) for k, v in out.items()}


# --- Realistic content ----------------------------------------------------------------------------------

# Titles per axe of the Pacte des solidarités and per CIE volet (the Pilot'actions guide and the model CIE convention).
TITLES = {
    "axe_1": [
        "Socialisation des enfants de moins de 3 ans en crèche à vocation d'insertion professionnelle",
        "Réseau de lieux d'accueil enfants-parents",
        "Plan d'urgence pour les enfants mal logés",
        "Petits-déjeuners à l'école dans les quartiers prioritaires",
        "Programme « Ouverture » : accès des familles modestes à des modes d'accueil de qualité",
        "Pack jeune : accompagner les jeunes précaires dans leur autonomie",
        "Lutte contre le décrochage scolaire",
        "Prévention des sorties sèches de l'aide sociale à l'enfance",
        "Soutien à la parentalité des familles monoparentales",
    ],
    "axe_2": [
        "Déploiement du dispositif TAPAJ pour les jeunes en errance",
        "Contrat d'engagement jeune – jeunes en rupture",
        "Levée des freins périphériques : garde d'enfants et mobilité",
        "Parcours d'insertion par l'activité économique renforcés",
        "Plateforme de mobilité solidaire",
    ],
    "axe_3": [
        "Maraudes mixtes État – département",
        "Premier accueil social inconditionnel de proximité",
        "Lutte contre le non-recours aux droits : rendez-vous des droits",
        "Logement d'abord : accompagnement vers et dans le logement",
        "Prévention des expulsions locatives",
        "Référent de parcours pour les personnes en grande précarité",
        "Équipes mobiles d'aller-vers en milieu rural",
    ],
    "axe_4": [
        "Programme SLIME de lutte contre la précarité énergétique",
        "Appuyer la structuration logistique de l'aide alimentaire",
        "Épiceries solidaires et accès à une alimentation de qualité",
        "Réduction des dépenses contraintes : eau et énergie",
        "Mobilité durable pour les ménages modestes",
    ],
    "volet_1": [
        "Chefferie de projet France Travail départementale",
        "Paramétrage du système d'information en vue de l'interconnexion",
        "Renforcement des équipes d'orientation des allocataires du RSA",
    ],
    "volet_2": [
        "Solutions de remobilisation pour les allocataires éloignés de l'emploi",
        "Garde d'enfants pour les parents en parcours d'insertion",
        "Aide à la mobilité des allocataires du RSA",
        "Référencement de l'offre d'insertion du territoire",
        "Accompagnement santé des personnes en insertion",
    ],
    "volet_3": [
        "Accompagnement rénové des allocataires du RSA",
        "Quinze à vingt heures d'activité hebdomadaire accompagnée",
        "Solutions de maintien dans l'emploi des allocataires",
    ],
}
PLACES = ["sur l'ensemble du territoire", "en milieu rural", "dans les quartiers prioritaires", "secteur nord",
          "secteur sud", "bassin d'emploi ouest", "agglomération centre", "territoire de montagne", "zone littorale"]
PORTEURS = ["Conseil départemental", "CCAS", "Association d'insertion", "Mission locale", "Centre social",
            "CAF", "Épicerie solidaire", "Association de prévention spécialisée", "Structure d'insertion"]
PARTENAIRES = ["CAF ; France Travail", "ARS ; CPAM", "Mission locale ; associations", "Bailleurs sociaux",
               "CCAS ; Banque alimentaire", "Éducation nationale", "France Travail ; Cap emploi", ""]
# National indicators (no part_of: a sub-count needs its total in the same action) by axe / volet.
NATIONAL = {
    "axe_1": ["ASE_JEUNES_MAJEURS", "RP_PERSONNES_ACCOMPAGNEES"],
    "axe_2": ["GA_ORIENTES", "MOB_PERSONNES_PLATEFORME"],
    "axe_3": ["MAR_PREMIERS_CONTACTS", "PASI_TAUX_COUVERTURE", "RP_PERSONNES_ACCOMPAGNEES"],
    "axe_4": ["MOB_PERSONNES_PLATEFORME"],
    "volet_1": ["RSA_NOUVEAUX_ENTRANTS"],
    "volet_2": ["CIE_ALLOCATAIRES_CONCERNES", "RSA_NOUVEAUX_ENTRANTS"],
    "volet_3": ["AG_DELAI_DEMARRAGE", "GA_ORIENTES"],
}
LOCAL = [("Nombre de personnes accompagnées", "nombre"), ("Nombre de familles bénéficiaires", "nombre"),
         ("Taux de sorties positives", "pourcentage"), ("Nombre d'ateliers collectifs organisés", "nombre"),
         ("Nombre de professionnels formés", "nombre"), ("Délai moyen de prise en charge", "jours"),
         ("Part des bénéficiaires résidant en QPV", "pourcentage"), ("ETP d'intervenants sociaux", "etp")]
# CIE natures de dépenses by volet (codes of natures_depense_cie, without the « Pour info » ones).
NATURES = {
    "volet_1": ["v1_etp_ingenierie", "v1_si_parametrage", "v1_si_developpement"],
    "volet_2": ["v2_solutions_accompagnement", "v2_remobilisation", "v2_freins_mobilite", "v2_freins_garde_enfant"],
    "volet_3": ["v3_etp_accompagnement", "v3_accompagnement_delegue", "v3_solutions_remobilisation"],
}
CO_FINANCEURS = ["CAF", "ARS", "Fonds social européen", "Région", "Fondation", "CPAM"]

CLS_TYPES = ["aller_vers", "accueil_acces_droits", "accompagnement_individuel", "action_collective",
             "aide_financiere_materielle", "creation_service", "formation_professionnels", "coordination_ingenierie"]
CIE_TYPES = {"volet_1": ["ingenierie_projet", "systeme_information", "renforcement_equipes"],
             "volet_2": ["remobilisation", "levee_freins", "referencement_offre", "accompagnement"],
             "volet_3": ["accompagnement_renove", "accompagnement"]}
CHAMPS = {"axe_1": ["petite_enfance", "enfance_famille", "protection_enfance", "education", "jeunesse"],
          "axe_2": ["insertion_professionnelle", "jeunesse", "mobilite"],
          "axe_3": ["acces_droits", "logement_hebergement", "sante", "inclusion_numerique"],
          "axe_4": ["energie_eau", "alimentation", "mobilite", "inclusion_bancaire"],
          "volet_1": ["insertion_professionnelle", "travail_social"],
          "volet_2": ["insertion_professionnelle", "mobilite", "petite_enfance", "sante"],
          "volet_3": ["insertion_professionnelle", "acces_droits"]}
PUBLICS = {"axe_1": ["enfants", "familles", "familles_monoparentales", "jeunes_ase"],
           "axe_2": ["jeunes", "demandeurs_emploi", "beneficiaires_rsa"],
           "axe_3": ["personnes_sans_domicile", "personnes_mal_logees", "tout_public", "personnes_etrangeres"],
           "axe_4": ["tout_public", "familles", "personnes_agees"],
           "volet_1": ["beneficiaires_rsa", "professionnels"],
           "volet_2": ["beneficiaires_rsa", "demandeurs_emploi"],
           "volet_3": ["beneficiaires_rsa"]}

# --- Column layouts (headers are the forms' labels, as `pilot template` writes them) ---------------------

CLS_COLUMNS = ["Référence de la fiche action", "Intitulé de l'action", "Description de l'action",
               "Axe du Pacte des solidarités", "Action nouvelle ou renforcée",
               "En quoi l'action est-elle renforcée ?", "Type d'action", "Autre type d'action (précisez)",
               "Champ(s) d'action publique", "Structure porteuse de l'action", "Partenaires et co-financeurs",
               "Public(s) visé(s)", "L'action cible-t-elle un public spécifique ?", "Quel public spécifique ?",
               "L'action se déroule-t-elle en QPV ?", "L'action se déroule-t-elle en zone rurale ?",
               "Nombre de bénéficiaires attendus par an", "Date de début", "Date de fin de l'action",
               "Budget total de l'action", "Remarques"]
# A contrat unique file holds both forms: CIE-only columns are added, and « Formulaire » tells them apart.
UNIQUE_COLUMNS = ["Formulaire"] + CLS_COLUMNS[:4] + ["Volet de la convention", "Contexte / état du préexistant",
                                                     "Enjeux et objectifs", "Durée de l'action"] + CLS_COLUMNS[4:] + [
                      "Calendrier prévisionnel"]
CIE_COLUMNS = [c for c in UNIQUE_COLUMNS if c not in ("Formulaire", "Axe du Pacte des solidarités",
                                                        "Structure porteuse de l'action",
                                                        "Nombre de bénéficiaires attendus par an")]
BUDGET_CLS = ["Référence de la fiche action", "Année", "Type de financeur", "Nom du financeur",
              "Montant prévisionnel", "Dont valorisation (apport en nature)"]
BUDGET_CIE = ["Référence de la fiche action", "Année", "Nature de dépenses", "Objet de la dépense",
              "Type de financeur", "Nom du financeur", "Montant prévisionnel", "ETP"]
BUDGET_UNIQUE = BUDGET_CIE + ["Dont valorisation (apport en nature)"]
INDICATOR_COLUMNS = ["Référence de la fiche action", "Type d'indicateur", "Indicateur national",
                     "Libellé de l'indicateur", "Unité", "Valeur de référence", "Année", "Cible", "Commentaire"]


class Formats:
    """How one collectivité's spreadsheet writes numbers (each exporter has its habits)."""

    def __init__(self, rng, encoding):
        self.style = rng.choice(["excel", "excel", "plain", "decimal"])
        # Excel writes a no-break space between thousands; both encodings have U+00A0.
        self.group = "\u00a0" if rng.random() < 0.7 else " "

    def grouped(self, whole):
        text = str(whole)
        parts = []
        while len(text) > 3:
            parts.insert(0, text[-3:])
            text = text[:-3]
        parts.insert(0, text)
        return self.group.join(parts)

    def money(self, cents):
        euros, rest = divmod(cents, 100)
        if self.style == "plain" and rest == 0:
            return str(euros)
        if self.style == "decimal":
            return "%d,%02d" % (euros, rest)
        return "%s,%02d\u00a0€" % (self.grouped(euros), rest)

    @staticmethod
    def decimal(value):
        text = ("%.2f" % value).rstrip("0").rstrip(".")
        return text.replace(".", ",")


def french_date(year, month, day):
    return "%02d/%02d/%04d" % (day, month, year)


class Generator:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.labels = read_choice_labels(os.path.join(args.schemas, "choices.yaml"))
        self.indicators = read_indicators(os.path.join(args.schemas, "referentiel-indicateurs.yaml"))
        for codes in NATIONAL.values():
            for code in codes:
                if code not in self.indicators or self.indicators[code][2]:
                    sys.exit("generate-dataset: indicateur national inconnu ou sous-total : %s" % code)

    def label(self, list_id, code):
        return self.labels[list_id][code]

    # -- conventions ---------------------------------------------------------------------------------------

    def conventions(self):
        signatories = read_signatories(os.path.join(self.args.schemas, "territoires.yaml"))
        # Which départements chose a contrat unique is drawn from the whole list, so that a
        # département signs the same conventions whether or not --collectivite narrows the output.
        pool = [s[0] for s in signatories if s[2] == "departement" and s[0] not in GUIDE]
        chosen = set(self.rng.sample(pool, max(0, min(len(pool), CONTRATS_UNIQUES - 2))))
        if self.args.collectivite:
            wanted = set(self.args.collectivite)
            signatories = [s for s in signatories if s[0] in wanted]
            if not signatories:
                sys.exit("generate-dataset: aucune collectivité parmi %s" % ", ".join(sorted(wanted)))
        out = []
        for code, name, kind in signatories:
            own = random.Random("%s-%s-convention" % (self.args.seed, code))  # same dates when filtered
            if code in GUIDE:
                guide_type, signed = GUIDE[code]
            else:
                guide_type = None
                signed = french_date(2024, own.randint(3, 9), own.randint(1, 28))
            if kind == "metropole":
                out.append((code, name, "cls", "metropole", signed))
            elif guide_type == "unique" or (guide_type is None and code in chosen):
                out.append((code, name, "unique", "departement", signed))
            else:
                out.append((code, name, "cls", "departement", signed))
                cie_signed = french_date(2024, own.randint(4, 7), own.randint(1, 28))
                out.append((code, name, "cie", "departement", cie_signed))
        return out

    def action_counts(self, conventions):
        weights = [random.Random("%s-%s-%s-count" % (self.args.seed, c[0], c[2])).randint(20, 60) for c in conventions]
        if self.args.actions is None:
            return weights
        total = self.args.actions
        scale = total / sum(weights)
        counts = [int(w * scale) for w in weights]
        for i in range(total - sum(counts)):
            counts[i % len(counts)] += 1
        return counts

    # -- one action ----------------------------------------------------------------------------------------

    def action(self, rng, form, reference, collectivite, fmt, years=YEARS):
        """(action row dict, budget rows, indicator rows) of one valid action."""
        if form == "cie":
            part = rng.choice(["volet_1", "volet_2", "volet_2", "volet_3"])
        else:
            axes = ["axe_1", "axe_2", "axe_3", "axe_4"] if form == "cls-metropole" else ["axe_1", "axe_3", "axe_4"]
            part = rng.choice(axes)
        title = rng.choice(TITLES[part])
        if rng.random() < 0.5:
            title += " – " + rng.choice(PLACES)
        row = {"Référence de la fiche action": reference, "Intitulé de l'action": title}
        description = "Action portée par %s : %s." % (collectivite, title[0].lower() + title[1:])
        if rng.random() < 0.15:
            description += "\nObjectif : toucher les publics les plus éloignés des dispositifs ; bilan annuel."
        row["Description de l'action"] = description
        nature = rng.choice(["nouvelle", "renforcee"])
        row["Action nouvelle ou renforcée"] = rng.choice(
            [self.label("natures_action", nature), nature.capitalize().replace("Renforcee", "Renforcée")])
        if nature == "renforcee":
            row["En quoi l'action est-elle renforcée ?"] = self.label(
                "types_renforcement", rng.choice(["file_active", "nouveaux_publics", "nouvelles_zones"]))
        if form == "cie":
            row["Volet de la convention"] = self.label("volets_cie", part)
            row["Contexte / état du préexistant"] = "Diagnostic partagé avec France Travail en 2023."
            row["Enjeux et objectifs"] = "Accélérer l'orientation et l'accompagnement des allocataires."
            duree = rng.choice(["indeterminee", "experimentation", "ponctuelle"])
            row["Durée de l'action"] = self.label("durees_action", duree)
            type_code = rng.choice(CIE_TYPES[part])
            row["Type d'action"] = self.label("types_action_cie", type_code)
            row["Calendrier prévisionnel"] = "Lancement au premier trimestre, bilan en fin d'année."
        else:
            label = self.label("axes_pacte", part)
            row["Axe du Pacte des solidarités"] = label if rng.random() < 0.8 else "Axe %s" % part[-1]
            if rng.random() < 0.05:
                row["Type d'action"] = "Autre"
                row["Autre type d'action (précisez)"] = "Expérimentation sociale"
            else:
                row["Type d'action"] = self.label("types_action_cls", rng.choice(CLS_TYPES))
            row["Structure porteuse de l'action"] = rng.choice(PORTEURS)
            row["Nombre de bénéficiaires attendus par an"] = str(rng.choice([25, 40, 60, 120, 250, 500, 1200]))
        champs = rng.sample(CHAMPS[part], rng.randint(1, min(2, len(CHAMPS[part]))))
        row["Champ(s) d'action publique"] = "; ".join(self.label("champs_action", c) for c in champs)
        row["Partenaires et co-financeurs"] = rng.choice(PARTENAIRES)
        publics = rng.sample(PUBLICS[part], rng.randint(1, min(2, len(PUBLICS[part]))))
        row["Public(s) visé(s)"] = "; ".join(self.label("publics_vises", p) for p in publics)
        specific = rng.random() < 0.3
        row["L'action cible-t-elle un public spécifique ?"] = "Oui" if specific else "Non"
        if specific:
            row["Quel public spécifique ?"] = rng.choice(["Jeunes sortant de l'ASE", "Familles monoparentales",
                                                          "Personnes sans domicile stable"])
        row["L'action se déroule-t-elle en QPV ?"] = rng.choice(["Oui", "Non"])
        row["L'action se déroule-t-elle en zone rurale ?"] = rng.choice(["Oui", "Non"])
        start_month = rng.randint(1, 12)
        row["Date de début"] = french_date(2024, start_month, rng.randint(1, 28))
        if rng.random() < 0.6:
            row["Date de fin de l'action"] = french_date(rng.choice([y for y in years if y > 2024]), 12, 31)

        budget = self.budget(rng, form, part, reference, fmt, years)
        total = sum(line[1] for line in budget)
        if rng.random() < 0.5:
            row["Budget total de l'action"] = fmt.money(total)
        if rng.random() < 0.1:
            row["Remarques"] = "Montants à confirmer lors de l'avenant annuel."
        indicators = self.indicator_rows(rng, part, reference, years)
        return row, [line[0] for line in budget], indicators

    def budget(self, rng, form, part, reference, fmt, years):
        """[(row dict, cents)], one per year of the convention; CLS: État = collectivité (parity), sometimes another co-financer."""
        lines = []
        yearly = rng.choice([5_000, 10_000, 12_500, 20_000, 35_000, 50_000, 80_000, 120_000, 250_000]) * 100
        other = rng.choice(CO_FINANCEURS) if rng.random() < 0.3 else ""
        nature = rng.choice(NATURES[part]) if form == "cie" else ""
        for year in years:
            amount = yearly + rng.randint(0, 20) * 50_000
            shares = [("etat", amount), ("collectivite", amount)]
            if form == "cie" and part == "volet_2":
                shares = [("etat", amount), ("collectivite", amount + amount // 2)]
            if other:
                shares.append(("autre", amount // 4))
            for financer, cents in shares:
                line = {"Référence de la fiche action": reference, "Année": str(year),
                        "Type de financeur": self.label("financeurs", financer), "Montant prévisionnel": fmt.money(cents)}
                if financer == "autre":
                    line["Nom du financeur"] = other
                if form == "cie":
                    line["Nature de dépenses"] = self.label("natures_depense_cie", nature)
                    line["Objet de la dépense"] = "Crédits %d" % year
                    if nature.startswith(("v1_etp", "v3_etp")) and financer != "autre":
                        line["ETP"] = fmt.decimal(rng.choice([0.5, 1, 1.5, 2]))
                elif financer == "collectivite" and rng.random() < 0.2:
                    line["Dont valorisation (apport en nature)"] = fmt.money(cents // 10)
                lines.append((line, cents))
        return lines

    def indicator_rows(self, rng, part, reference, years):
        count = rng.randint(3, 6)
        chosen = []
        nationals = list(NATIONAL[part])
        rng.shuffle(nationals)
        for code in nationals[:rng.randint(1, min(2, len(nationals)))]:
            chosen.append(("national", code, "", self.indicators[code][1]))
        locals_ = rng.sample(LOCAL, min(len(LOCAL), count - len(chosen)))
        for label, unit in locals_:
            chosen.append(("local" if rng.random() < 0.8 else "impact", "", label, unit))
        rows = []
        for kind, code, label, unit in chosen[:count]:
            percent = unit == "pourcentage"
            base = rng.randint(10, 60) if percent else rng.choice([0, 20, 50, 100, 300])
            target = base
            for i, year in enumerate(years):
                target = min(100, base + 5 * (i + 1)) if percent else target + rng.randint(5, 50)
                row = {"Référence de la fiche action": reference,
                       "Type d'indicateur": self.label("types_indicateur", kind), "Indicateur national": code,
                       "Libellé de l'indicateur": label, "Unité": self.label("unites_indicateur", unit),
                       "Valeur de référence": Formats.decimal(base), "Année": str(year),
                       "Cible": Formats.decimal(target + (0.5 if percent and target < 100 else 0))}
                if i == 0 and rng.random() < 0.2:
                    row["Commentaire"] = "Cible révisée à l'avenant annuel"
                rows.append(row)
        return rows

    # -- files ---------------------------------------------------------------------------------------------

    def open_csv(self, path, columns):
        encoding = "cp1252" if self.args.encoding == "cp1252" else "utf-8-sig"
        handle = open(path, "w", encoding=encoding, newline="")
        writer = csv.DictWriter(handle, fieldnames=columns, delimiter=";", lineterminator="\r\n",
                                quoting=csv.QUOTE_MINIMAL, extrasaction="raise")
        writer.writeheader()
        return handle, writer

    def write(self):
        os.makedirs(self.args.out, exist_ok=True)
        conventions = self.conventions()
        counts = self.action_counts(conventions)
        listing = open(os.path.join(self.args.out, "conventions.txt"), "w", encoding="utf-8", newline="\n")
        totals = [0, 0, 0]
        for index, ((code, name, kind, collectivite_type, signed), count) in enumerate(zip(conventions, counts), 1):
            folder = "%03d-%s-%s" % (index, code, kind)
            directory = os.path.join(self.args.out, folder)
            os.makedirs(directory, exist_ok=True)
            listing.write("%s|%s|%s|%s\n" % (name, kind, signed, folder))
            rng = random.Random("%s-%s-%s" % (self.args.seed, code, kind))
            fmt = Formats(rng, self.args.encoding)
            if kind == "unique":
                action_columns, budget_columns = UNIQUE_COLUMNS, BUDGET_UNIQUE
            elif kind == "cie":
                action_columns, budget_columns = CIE_COLUMNS, BUDGET_CIE
            else:
                action_columns, budget_columns = CLS_COLUMNS, BUDGET_CLS
            files = [self.open_csv(os.path.join(directory, name_), columns)
                     for name_, columns in (("actions.csv", action_columns), ("budget.csv", budget_columns),
                                            ("indicateurs.csv", INDICATOR_COLUMNS))]
            width = max(3, len(str(count)))
            for number in range(1, count + 1):
                if kind == "unique":
                    form = "cie" if rng.random() < 0.4 else "cls-departement"
                    prefix = "CIE" if form == "cie" else "CLS"
                elif kind == "cie":
                    form, prefix = "cie", "CIE"
                else:
                    form = "cls-metropole" if collectivite_type == "metropole" else "cls-departement"
                    prefix = "FA"
                reference = "%s-%0*d" % (prefix, width, number)
                row, budget, indicators = self.action(rng, form, reference, name, fmt,
                                                      CIE_YEARS if kind == "cie" else YEARS)
                if kind == "unique":
                    row["Formulaire"] = "CIE" if form == "cie" else "CLS"
                files[0][1].writerow(row)
                for line in budget:
                    files[1][1].writerow(line)
                for line in indicators:
                    files[2][1].writerow(line)
                totals[0] += 1
                totals[1] += len(budget)
                totals[2] += len(indicators)
            for handle, _ in files:
                handle.close()
        listing.close()
        print("%d conventions, %d actions, %d lignes budgétaires, %d lignes d'indicateurs dans %s"
              % (len(conventions), totals[0], totals[1], totals[2], self.args.out), file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="dossier de sortie (créé au besoin)")
    parser.add_argument("--actions", type=int, help="nombre total d'actions (défaut : 20 à 60 par convention)")
    parser.add_argument("--seed", default="pilot", help="graine du générateur (défaut : pilot)")
    parser.add_argument("--encoding", choices=["utf-8-sig", "cp1252"], default="utf-8-sig",
                        help="UTF-8 avec BOM (Excel récent) ou Windows-1252 (Excel « CSV (séparateur : point-virgule) »)")
    parser.add_argument("--collectivite", action="append",
                        help="code de collectivité de territoires.yaml (CD59, MET-AMIENS) ; répétable")
    parser.add_argument("--schemas", default=os.path.join(ROOT, "schemas"), help="dossier schemas/")
    args = parser.parse_args()
    if args.actions is not None and args.actions < 1:
        parser.error("--actions doit être positif")
    Generator(args).write()


if __name__ == "__main__":
    main()
