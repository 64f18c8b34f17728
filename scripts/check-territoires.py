#!/usr/bin/python3
"""Consistency check of the territorial reference data (schemas/territoires.yaml).

Usage: /usr/bin/python3 scripts/check-territoires.py [path/to/territoires.yaml]
Needs PyYAML (Debian: python3-yaml). Exits 0 when the file is consistent, 1 otherwise, and lists every
problem found. The expected counts are those of the reference (see the file's header): a change of the
territorial organisation must update both the data and this script, on purpose.
"""

import re
import sys
import unicodedata
from pathlib import Path

try:
    import yaml
except ImportError:  # pragma: no cover - depends on the machine
    sys.exit("check-territoires: PyYAML manquant (apt-get install python3-yaml)")

K_DEFAULT_PATH = Path(__file__).resolve().parent.parent / "schemas" / "territoires.yaml"

K_REGION_COUNT = 18
K_DEPARTEMENT_COUNT = 101  # départements with a région
K_COM_CODES = {"975", "978"}  # collectivités d'outre-mer listed beside them (région null)
K_DROM_CODES = {"971", "972", "973", "974", "976"}
K_CD_COUNT = 93  # « Conseil départemental - <Nom> »
K_STATUT_PARTICULIER_COUNT = 9
K_METROPOLE_COUNT = 23
# The only département with two département-type signatories: Conseil départemental - Rhône and the
# Métropole de Lyon.
K_DOUBLE_COVERAGE = {"69": 2}

K_REGION_KEYS = {"code", "nom"}
K_DEPARTEMENT_KEYS = {"code", "nom", "region", "outre_mer"}
K_COLLECTIVITE_KEYS = {"code", "nom", "type", "departement", "departements_couverts", "statut_particulier",
                       "alias"}
K_REQUIRED_COLLECTIVITE_KEYS = {"code", "nom", "type", "departement"}
K_TYPES = {"departement", "metropole"}
K_COLLECTIVITE_CODE = re.compile(r"^[A-Z0-9]+(-[A-Z0-9]+)*$")
K_DEPARTEMENT_CODE = re.compile(r"^(0[1-9]|1[0-9]|2[AB1-9]|[3-8][0-9]|9[0-5]|97[1-8])$")


def normalise(text):
    """Key for name comparisons: case, accents, apostrophe kind and spacing are ignored."""
    text = text.replace("\u2019", "'").replace("\u02bc", "'")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


class Checker:
    def __init__(self, path):
        self.path = path
        self.errors = []
        self.checks = 0

    def expect(self, condition, message):
        self.checks += 1
        if not condition:
            self.errors.append(f"{self.path.name}: {message}")
        return condition

    def check_entry_shape(self, where, entry, allowed, required):
        if not self.expect(isinstance(entry, dict), f"{where}: entrée qui n'est pas un dictionnaire « {entry} »"):
            return False
        unknown = set(entry) - allowed
        self.expect(not unknown, f"{where}: clé(s) inconnue(s) {sorted(unknown)}")
        missing = required - set(entry)
        self.expect(not missing, f"{where}: clé(s) manquante(s) {sorted(missing)}")
        for key in required & set(entry):
            value = entry[key]
            self.expect(isinstance(value, str) and value.strip() == value and value != "",
                        f"{where}: « {key} » doit être un texte non vide sans espace autour « {value} »")
        return not missing

    def unique(self, where, values, what):
        seen = {}
        for value in values:
            key = normalise(value)
            self.expect(key not in seen, f"{where}: {what} en double « {value} » (déjà « {seen.get(key)} »)")
            seen.setdefault(key, value)

    def run(self):
        try:
            data = yaml.safe_load(self.path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as error:
            self.expect(False, f"lecture impossible: {error}")
            return
        if not self.expect(isinstance(data, dict), "le document doit être un dictionnaire"):
            return
        self.expect(set(data) == {"version", "regions", "departements", "collectivites"},
                    f"clés de premier niveau inattendues {sorted(data)}")
        self.expect(data.get("version") == 1, f"version inattendue « {data.get('version')} »")
        regions = self.check_regions(data.get("regions") or [])
        departements = self.check_departements(data.get("departements") or [], regions)
        self.check_collectivites(data.get("collectivites") or [], departements)

    def check_regions(self, regions):
        codes = {}
        for index, region in enumerate(regions, start=1):
            where = f"regions[{index}]"
            if not self.check_entry_shape(where, region, K_REGION_KEYS, K_REGION_KEYS):
                continue
            code = region["code"]
            self.expect(re.fullmatch(r"\d\d", code) is not None, f"{where}: code région invalide « {code} »")
            self.expect(code not in codes, f"{where}: code région en double « {code} »")
            codes[code] = region["nom"]
        self.expect(len(regions) == K_REGION_COUNT, f"{len(regions)} régions au lieu de {K_REGION_COUNT}")
        self.unique("regions", [r["nom"] for r in regions if isinstance(r, dict) and "nom" in r], "nom")
        return codes

    def check_departements(self, departements, regions):
        codes = {}
        with_region = 0
        used_regions = {}
        for index, dep in enumerate(departements, start=1):
            where = f"departements[{index}]"
            if not self.check_entry_shape(where, dep, K_DEPARTEMENT_KEYS, {"code", "nom"}):
                continue
            code = dep["code"]
            self.expect(K_DEPARTEMENT_CODE.fullmatch(code) is not None,
                        f"{where}: code département invalide « {code} »")
            self.expect(code not in codes, f"{where}: code département en double « {code} »")
            codes[code] = dep["nom"]
            self.expect("region" in dep, f"{where}: clé « region » manquante (null pour une COM)")
            region = dep.get("region")
            outre_mer = dep.get("outre_mer", False)
            self.expect(outre_mer in (True, False), f"{where}: outre_mer doit valoir true ou false")
            if code in K_COM_CODES:
                self.expect(region is None, f"{where}: une COM n'a pas de région « {region} »")
            else:
                with_region += 1
                if self.expect(region in regions, f"{where}: région inconnue « {region} »"):
                    used_regions.setdefault(region, []).append(code)
            expected_om = code in K_COM_CODES or code in K_DROM_CODES
            self.expect(outre_mer is expected_om, f"{where}: outre_mer doit valoir {str(expected_om).lower()}")
        self.expect(with_region == K_DEPARTEMENT_COUNT,
                    f"{with_region} départements rattachés à une région au lieu de {K_DEPARTEMENT_COUNT}")
        self.expect(K_COM_CODES <= set(codes), f"COM manquante(s) {sorted(K_COM_CODES - set(codes))}")
        self.expect("20" not in codes, "la Corse s'écrit 2A / 2B, pas 20")
        for region in regions:
            self.expect(region in used_regions, f"région « {region} » sans département")
        self.unique("departements", list(codes.values()), "nom")
        return codes

    def check_collectivites(self, collectivites, departements):
        codes = set()
        names = []
        coverage = {}
        counts = {"cd": 0, "csp": 0, "metropole": 0}
        for index, col in enumerate(collectivites, start=1):
            where = f"collectivites[{index}]"
            if not self.check_entry_shape(where, col, K_COLLECTIVITE_KEYS, K_REQUIRED_COLLECTIVITE_KEYS):
                continue
            code, nom, kind, dep = col["code"], col["nom"], col["type"], col["departement"]
            where = f"collectivites[{index}] ({code})"
            self.expect(K_COLLECTIVITE_CODE.fullmatch(code) is not None, f"{where}: code non ASCII ou invalide")
            self.expect(code not in codes, f"{where}: code collectivité en double")
            codes.add(code)
            self.expect(kind in K_TYPES, f"{where}: type inconnu « {kind} »")
            self.expect(dep in departements, f"{where}: département inconnu « {dep} »")
            covered = col.get("departements_couverts", [])
            if self.expect(isinstance(covered, list), f"{where}: departements_couverts doit être une liste"):
                for other in covered:
                    self.expect(other in departements, f"{where}: département couvert inconnu « {other} »")
                    self.expect(other != dep, f"{where}: département couvert = département de rattachement")
                self.expect(not covered or kind == "departement",
                            f"{where}: seule une collectivité départementale couvre d'autres départements")
            special = col.get("statut_particulier", False)
            self.expect(special in (True, False), f"{where}: statut_particulier doit valoir true ou false")
            alias = col.get("alias", [])
            if self.expect(isinstance(alias, list) and all(isinstance(a, str) and a.strip() == a and a
                                                           for a in alias),
                           f"{where}: alias doit être une liste de textes non vides"):
                names.extend(alias)
            names.append(nom)
            if kind == "departement":
                for covered_code in [dep, *(covered if isinstance(covered, list) else [])]:
                    coverage[covered_code] = coverage.get(covered_code, 0) + 1
                if special:
                    counts["csp"] += 1
                else:
                    counts["cd"] += 1
                    expected_name = f"Conseil départemental - {departements.get(dep)}"
                    self.expect(nom == expected_name, f"{where}: nom « {nom} » au lieu de « {expected_name} »")
                    self.expect(code == f"CD{dep}", f"{where}: le code d'un conseil départemental est CD{dep}")
            elif kind == "metropole":
                counts["metropole"] += 1
                self.expect(code.startswith("MET-"), f"{where}: le code d'une métropole commence par MET-")
                self.expect(not special, f"{where}: une métropole signe comme métropole, sans statut_particulier")
        self.unique("collectivites", names, "nom ou alias")
        self.expect(counts["cd"] == K_CD_COUNT, f"{counts['cd']} conseils départementaux au lieu de {K_CD_COUNT}")
        self.expect(counts["csp"] == K_STATUT_PARTICULIER_COUNT,
                    f"{counts['csp']} collectivités à statut particulier au lieu de {K_STATUT_PARTICULIER_COUNT}")
        self.expect(counts["metropole"] == K_METROPOLE_COUNT,
                    f"{counts['metropole']} métropoles au lieu de {K_METROPOLE_COUNT}")
        for dep in departements:
            expected = K_DOUBLE_COVERAGE.get(dep, 1)
            self.expect(coverage.get(dep, 0) == expected,
                        f"département « {dep} » couvert par {coverage.get(dep, 0)} collectivité(s) départementale(s)"
                        f" au lieu de {expected}")
        self.counts = counts


def main(argv):
    path = Path(argv[1]) if len(argv) > 1 else K_DEFAULT_PATH
    checker = Checker(path)
    checker.run()
    for error in checker.errors:
        print(error, file=sys.stderr)
    failed = len(checker.errors)
    print(f"check-territoires: {checker.checks - failed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
