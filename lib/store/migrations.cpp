#include "store/migrations.hpp"

namespace pilot::store {

// Each entry upgrades the schema from version i to i+1. Never edit a shipped migration:
// append a new one, so every existing database follows the same path.
const std::vector<std::string_view>& migrations() {
  static const std::vector<std::string_view> k_migrations = {
      // 1: territories, conventions, actions with typed answers, budgets, indicators,
      //    validations, bilans, annual revisions, contacts, reminders, audit trail.
      R"sql(
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE regions (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE departements (
  code        TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  region_code TEXT REFERENCES regions(code),
  overseas    INTEGER NOT NULL DEFAULT 0 CHECK (overseas IN (0, 1))
) WITHOUT ROWID;

CREATE TABLE collectivites (
  id               INTEGER PRIMARY KEY,
  code             TEXT NOT NULL UNIQUE,
  name             TEXT NOT NULL UNIQUE,
  type             TEXT NOT NULL CHECK (type IN ('departement', 'metropole')),
  departement_code TEXT NOT NULL REFERENCES departements(code),
  special_status   INTEGER NOT NULL DEFAULT 0 CHECK (special_status IN (0, 1))
);

CREATE TABLE collectivite_aliases (
  collectivite_id INTEGER NOT NULL REFERENCES collectivites(id) ON DELETE CASCADE,
  alias           TEXT NOT NULL,
  PRIMARY KEY (collectivite_id, alias)
) WITHOUT ROWID;

-- Every département a collectivité covers, its own included (the CEA covers 67 and 68):
-- scope filters join on it so a département filter finds the collectivités acting there.
CREATE TABLE collectivite_departements (
  collectivite_id  INTEGER NOT NULL REFERENCES collectivites(id) ON DELETE CASCADE,
  departement_code TEXT NOT NULL REFERENCES departements(code),
  PRIMARY KEY (collectivite_id, departement_code)
) WITHOUT ROWID;
CREATE INDEX collectivite_departements_by_departement ON collectivite_departements(departement_code);

CREATE TABLE documents (
  id         INTEGER PRIMARY KEY,
  file_name  TEXT NOT NULL,
  sha256     TEXT NOT NULL,
  size_bytes INTEGER NOT NULL,
  content    BLOB NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE conventions (
  id              INTEGER PRIMARY KEY,
  collectivite_id INTEGER NOT NULL REFERENCES collectivites(id),
  type            TEXT NOT NULL CHECK (type IN ('cls', 'cie', 'unique')),
  signed_on       TEXT NOT NULL,
  start_on        TEXT NOT NULL,
  end_on          TEXT NOT NULL,
  reference       TEXT NOT NULL DEFAULT '',
  document_id     INTEGER REFERENCES documents(id),
  form_id         TEXT NOT NULL,
  form_version    INTEGER NOT NULL,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  CHECK (end_on >= start_on),
  UNIQUE (collectivite_id, type, start_on, end_on)
);
CREATE INDEX conventions_by_collectivite ON conventions(collectivite_id);

CREATE TABLE actions (
  id            INTEGER PRIMARY KEY,
  convention_id INTEGER NOT NULL REFERENCES conventions(id),
  reference     TEXT NOT NULL,
  title         TEXT NOT NULL,
  form_id       TEXT NOT NULL,
  form_version  INTEGER NOT NULL,
  status        TEXT NOT NULL DEFAULT 'brouillon'
                CHECK (status IN ('brouillon', 'validee_collectivite', 'validee_etat', 'double_validee')),
  content_hash  TEXT NOT NULL DEFAULT '',
  dropped_year  INTEGER,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  UNIQUE (convention_id, reference)
);
CREATE INDEX actions_by_status ON actions(status, convention_id);

-- One row per answer; a multiple choice has one row per chosen option (ord 0, 1, ...).
-- New forms and fields need no migration; dashboards group by (field_key, value_text).
CREATE TABLE action_answers (
  action_id  INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
  field_key  TEXT NOT NULL,
  ord        INTEGER NOT NULL DEFAULT 0,
  value_text TEXT,
  value_num  REAL,
  PRIMARY KEY (action_id, field_key, ord)
) WITHOUT ROWID;
CREATE INDEX action_answers_by_value ON action_answers(field_key, value_text, action_id);

CREATE TABLE budget_lines (
  id            INTEGER PRIMARY KEY,
  action_id     INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
  year          INTEGER NOT NULL,
  financer_type TEXT NOT NULL CHECK (financer_type IN ('etat', 'collectivite', 'autre')),
  financer_name TEXT NOT NULL DEFAULT '',
  nature        TEXT NOT NULL DEFAULT '',
  amount_cents  INTEGER NOT NULL,
  etp           REAL,
  -- « Pour info » lines (France Travail resources in a CIE plan) are shown, never summed.
  informational INTEGER NOT NULL DEFAULT 0 CHECK (informational IN (0, 1)),
  extra         TEXT,
  UNIQUE (action_id, year, financer_type, financer_name, nature)
);

CREATE TABLE indicators (
  id        INTEGER PRIMARY KEY,
  action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
  kind      TEXT NOT NULL CHECK (kind IN ('national', 'local', 'impact')),
  code      TEXT NOT NULL DEFAULT '',
  label     TEXT NOT NULL,
  unit      TEXT NOT NULL DEFAULT '',
  baseline  REAL,
  extra     TEXT,
  UNIQUE (action_id, kind, label)
);
CREATE INDEX indicators_by_action ON indicators(action_id);

-- Targets are set at initial entry and in yearly updates; realised values come with bilans.
CREATE TABLE indicator_values (
  indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
  year         INTEGER NOT NULL,
  target       REAL,
  realised     REAL,
  comment      TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (indicator_id, year)
) WITHOUT ROWID;

CREATE TABLE validations (
  id           INTEGER PRIMARY KEY,
  action_id    INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
  side         TEXT NOT NULL CHECK (side IN ('collectivite', 'etat')),
  user         TEXT NOT NULL,
  at           TEXT NOT NULL,
  form_id      TEXT NOT NULL,
  form_version INTEGER NOT NULL,
  content_hash TEXT NOT NULL,
  comment      TEXT NOT NULL DEFAULT '',
  revoked_at   TEXT,
  revoked_by   TEXT,
  revoked_why  TEXT
);
CREATE INDEX validations_by_action ON validations(action_id);

CREATE TABLE bilans (
  id           INTEGER PRIMARY KEY,
  action_id    INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
  year         INTEGER NOT NULL,
  form_id      TEXT NOT NULL,
  form_version INTEGER NOT NULL,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  UNIQUE (action_id, year)
);

CREATE TABLE bilan_answers (
  bilan_id   INTEGER NOT NULL REFERENCES bilans(id) ON DELETE CASCADE,
  field_key  TEXT NOT NULL,
  ord        INTEGER NOT NULL DEFAULT 0,
  value_text TEXT,
  value_num  REAL,
  PRIMARY KEY (bilan_id, field_key, ord)
) WITHOUT ROWID;

CREATE TABLE bilan_expenses (
  id            INTEGER PRIMARY KEY,
  bilan_id      INTEGER NOT NULL REFERENCES bilans(id) ON DELETE CASCADE,
  financer_type TEXT NOT NULL CHECK (financer_type IN ('etat', 'collectivite', 'autre')),
  financer_name TEXT NOT NULL DEFAULT '',
  nature        TEXT NOT NULL DEFAULT '',
  amount_cents  INTEGER NOT NULL,
  UNIQUE (bilan_id, financer_type, financer_name, nature)
);

-- Yearly update (avenant) of a convention: year N opened for revision.
CREATE TABLE revisions (
  convention_id INTEGER NOT NULL REFERENCES conventions(id) ON DELETE CASCADE,
  year          INTEGER NOT NULL,
  opened_at     TEXT NOT NULL,
  opened_by     TEXT NOT NULL,
  PRIMARY KEY (convention_id, year)
) WITHOUT ROWID;

CREATE TABLE contacts (
  id              INTEGER PRIMARY KEY,
  collectivite_id INTEGER NOT NULL REFERENCES collectivites(id),
  name            TEXT NOT NULL DEFAULT '',
  email           TEXT NOT NULL,
  role            TEXT NOT NULL DEFAULT '',
  UNIQUE (collectivite_id, email)
);

CREATE TABLE reminder_log (
  id              INTEGER PRIMARY KEY,
  campaign_id     TEXT NOT NULL,
  collectivite_id INTEGER NOT NULL REFERENCES collectivites(id),
  recipient       TEXT NOT NULL,
  digest          TEXT NOT NULL,
  sent_at         TEXT NOT NULL,
  UNIQUE (campaign_id, collectivite_id, recipient, digest)
);

-- Tamper-evident trail: hash = SHA-256(prev_hash + the entry's fields), so editing or
-- removing an entry breaks every later hash (pilot check names the first broken one).
CREATE TABLE audit_log (
  id         INTEGER PRIMARY KEY,
  at         TEXT NOT NULL,
  user       TEXT NOT NULL,
  command    TEXT NOT NULL,
  entity     TEXT NOT NULL,
  entity_id  INTEGER,
  operation  TEXT NOT NULL,
  old_value  TEXT,
  new_value  TEXT,
  prev_hash  TEXT NOT NULL,
  hash       TEXT NOT NULL
);
CREATE INDEX audit_log_by_entity ON audit_log(entity, entity_id);
)sql",
      // 2: bilans keep every expense row the bilan form asks (two expenses of one financer differ by
      //    their object) and the indicator values they declare. Realised values live with the bilan,
      //    not in indicator_values: the action's validated content (and its hash) stays what both
      //    sides validated, and a later edit of the action's plan cannot erase what a bilan said.
      //    The view gives them per planned indicator and year, for reports.
      R"sql(
CREATE TABLE bilan_expenses_v2 (
  id            INTEGER PRIMARY KEY,
  bilan_id      INTEGER NOT NULL REFERENCES bilans(id) ON DELETE CASCADE,
  financer_type TEXT NOT NULL CHECK (financer_type IN ('etat', 'collectivite', 'autre')),
  financer_name TEXT NOT NULL DEFAULT '',
  nature        TEXT NOT NULL DEFAULT '',
  object        TEXT NOT NULL DEFAULT '',
  amount_cents  INTEGER NOT NULL,
  etp           REAL,
  informational INTEGER NOT NULL DEFAULT 0 CHECK (informational IN (0, 1)),
  extra         TEXT,
  UNIQUE (bilan_id, financer_type, financer_name, nature, object)
);
INSERT INTO bilan_expenses_v2 (id, bilan_id, financer_type, financer_name, nature, amount_cents)
  SELECT id, bilan_id, financer_type, financer_name, nature, amount_cents FROM bilan_expenses;
DROP TABLE bilan_expenses;
ALTER TABLE bilan_expenses_v2 RENAME TO bilan_expenses;
CREATE INDEX bilan_expenses_by_bilan ON bilan_expenses(bilan_id);

CREATE TABLE bilan_indicators (
  id        INTEGER PRIMARY KEY,
  bilan_id  INTEGER NOT NULL REFERENCES bilans(id) ON DELETE CASCADE,
  kind      TEXT NOT NULL CHECK (kind IN ('national', 'local', 'impact')),
  code      TEXT NOT NULL DEFAULT '',
  label     TEXT NOT NULL,
  unit      TEXT NOT NULL DEFAULT '',
  target    REAL,
  realised  REAL NOT NULL,
  comment   TEXT NOT NULL DEFAULT '',
  extra     TEXT,
  UNIQUE (bilan_id, kind, code, label)
);
CREATE INDEX bilan_indicators_by_bilan ON bilan_indicators(bilan_id);
CREATE INDEX bilans_by_year ON bilans(year, action_id);

-- Realised value of a planned indicator for a year, as its bilan declares it (national
-- indicators match by code, the others by label).
CREATE VIEW indicator_realised AS
SELECT i.id AS indicator_id, b.year AS year, bi.realised AS realised, bi.comment AS comment, b.id AS bilan_id
FROM bilan_indicators bi
JOIN bilans b ON b.id = bi.bilan_id
JOIN indicators i ON i.action_id = b.action_id AND i.kind = bi.kind
  AND ((i.kind = 'national' AND i.code = bi.code) OR (i.kind <> 'national' AND i.label = bi.label));

CREATE INDEX reminder_log_by_campaign ON reminder_log(campaign_id, collectivite_id);
)sql",
      // 3: dashboard summaries. Derived data: per convention partial aggregates of its actions
      //    (dashboard_store.cpp explains each table), so a dashboard sums a few thousand rows
      //    instead of scanning every answer and budget line. A convention listed in
      //    dashboard_fresh has current summaries; triggers drop it from the list when one of its
      //    actions or bilans is inserted, changed or deleted (every pilot write path touches these
      //    rows, children being rewritten with them), or when a child row is changed in place
      //    outside pilot. New files and this migration start with an empty list: the first
      //    dashboard computes everything. No foreign keys: `pilot check`, snapshots and exports
      //    ignore these tables.
      R"sql(
CREATE TABLE dashboard_fields (
  field_key TEXT NOT NULL,
  role      TEXT NOT NULL CHECK (role IN ('count', 'budget')),
  PRIMARY KEY (field_key, role)
) WITHOUT ROWID;
CREATE TABLE dashboard_fresh (convention_id INTEGER PRIMARY KEY);

CREATE TABLE dashboard_actions (
  convention_id INTEGER NOT NULL, form_id TEXT NOT NULL, status TEXT NOT NULL, dropped_year INTEGER,
  actions INTEGER NOT NULL);
CREATE TABLE dashboard_answers (
  convention_id INTEGER NOT NULL, field_key TEXT NOT NULL, value_text TEXT NOT NULL, form_id TEXT NOT NULL,
  status TEXT NOT NULL, dropped_year INTEGER, actions INTEGER NOT NULL, answering INTEGER NOT NULL);
CREATE TABLE dashboard_value_budgets (
  convention_id INTEGER NOT NULL, field_key TEXT NOT NULL, value_text TEXT NOT NULL, form_id TEXT NOT NULL,
  status TEXT NOT NULL, budget_year INTEGER, cents INTEGER, answering_cents INTEGER);
CREATE TABLE dashboard_budgets (
  convention_id INTEGER NOT NULL, form_id TEXT NOT NULL, status TEXT NOT NULL, budget_year INTEGER NOT NULL,
  financer_type TEXT NOT NULL, cents INTEGER NOT NULL);
CREATE TABLE dashboard_bilans (
  convention_id INTEGER NOT NULL, year INTEGER NOT NULL, status TEXT NOT NULL, dropped_year INTEGER,
  bilans INTEGER NOT NULL);
CREATE TABLE dashboard_bilan_money (
  convention_id INTEGER NOT NULL, year INTEGER NOT NULL, status TEXT NOT NULL, dropped_year INTEGER,
  financer_type TEXT NOT NULL, planned_cents INTEGER NOT NULL, realised_cents INTEGER NOT NULL);
CREATE TABLE dashboard_indicators (
  convention_id INTEGER NOT NULL, year INTEGER NOT NULL, status TEXT NOT NULL, dropped_year INTEGER,
  kind TEXT NOT NULL, with_target INTEGER NOT NULL, with_realised INTEGER NOT NULL, reached INTEGER NOT NULL);
CREATE INDEX dashboard_actions_by_convention ON dashboard_actions(convention_id);
CREATE INDEX dashboard_answers_by_convention ON dashboard_answers(convention_id);
CREATE INDEX dashboard_value_budgets_by_convention ON dashboard_value_budgets(convention_id);
CREATE INDEX dashboard_budgets_by_convention ON dashboard_budgets(convention_id);
CREATE INDEX dashboard_bilans_by_convention ON dashboard_bilans(convention_id);
CREATE INDEX dashboard_bilan_money_by_convention ON dashboard_bilan_money(convention_id);
CREATE INDEX dashboard_indicators_by_convention ON dashboard_indicators(convention_id);

CREATE TRIGGER dashboard_stale_action_insert AFTER INSERT ON actions BEGIN
  DELETE FROM dashboard_fresh WHERE convention_id = NEW.convention_id;
END;
CREATE TRIGGER dashboard_stale_action_update AFTER UPDATE ON actions BEGIN
  DELETE FROM dashboard_fresh WHERE convention_id IN (OLD.convention_id, NEW.convention_id);
END;
CREATE TRIGGER dashboard_stale_action_delete AFTER DELETE ON actions BEGIN
  DELETE FROM dashboard_fresh WHERE convention_id = OLD.convention_id;
END;
CREATE TRIGGER dashboard_stale_convention_insert AFTER INSERT ON conventions BEGIN
  DELETE FROM dashboard_fresh WHERE convention_id = NEW.id;
END;
CREATE TRIGGER dashboard_stale_convention_delete AFTER DELETE ON conventions BEGIN
  DELETE FROM dashboard_fresh WHERE convention_id = OLD.id;
END;
CREATE TRIGGER dashboard_stale_bilan_insert AFTER INSERT ON bilans BEGIN
  DELETE FROM dashboard_fresh WHERE convention_id = (SELECT convention_id FROM actions WHERE id = NEW.action_id);
END;
CREATE TRIGGER dashboard_stale_bilan_update AFTER UPDATE ON bilans BEGIN
  DELETE FROM dashboard_fresh WHERE convention_id IN (SELECT convention_id FROM actions
    WHERE id IN (OLD.action_id, NEW.action_id));
END;
CREATE TRIGGER dashboard_stale_bilan_delete AFTER DELETE ON bilans BEGIN
  DELETE FROM dashboard_fresh WHERE convention_id = (SELECT convention_id FROM actions WHERE id = OLD.action_id);
END;
CREATE TRIGGER dashboard_stale_answer_update AFTER UPDATE ON action_answers BEGIN
  DELETE FROM dashboard_fresh WHERE convention_id IN (SELECT convention_id FROM actions
    WHERE id IN (OLD.action_id, NEW.action_id));
END;
CREATE TRIGGER dashboard_stale_budget_update AFTER UPDATE ON budget_lines BEGIN
  DELETE FROM dashboard_fresh WHERE convention_id IN (SELECT convention_id FROM actions
    WHERE id IN (OLD.action_id, NEW.action_id));
END;
CREATE TRIGGER dashboard_stale_indicator_update AFTER UPDATE ON indicators BEGIN
  DELETE FROM dashboard_fresh WHERE convention_id IN (SELECT convention_id FROM actions
    WHERE id IN (OLD.action_id, NEW.action_id));
END;
CREATE TRIGGER dashboard_stale_indicator_value_update AFTER UPDATE ON indicator_values BEGIN
  DELETE FROM dashboard_fresh WHERE convention_id IN (SELECT a.convention_id FROM indicators i
    JOIN actions a ON a.id = i.action_id WHERE i.id IN (OLD.indicator_id, NEW.indicator_id));
END;
CREATE TRIGGER dashboard_stale_expense_update AFTER UPDATE ON bilan_expenses BEGIN
  DELETE FROM dashboard_fresh WHERE convention_id IN (SELECT a.convention_id FROM bilans b
    JOIN actions a ON a.id = b.action_id WHERE b.id IN (OLD.bilan_id, NEW.bilan_id));
END;
CREATE TRIGGER dashboard_stale_bilan_indicator_update AFTER UPDATE ON bilan_indicators BEGIN
  DELETE FROM dashboard_fresh WHERE convention_id IN (SELECT a.convention_id FROM bilans b
    JOIN actions a ON a.id = b.action_id WHERE b.id IN (OLD.bilan_id, NEW.bilan_id));
END;
)sql",
      // 4: faster bulk writes, same rules. SQLite checks `x IN ('a', 'b', 'c')` (three values or
      //    more) by building a temporary B-tree of the list for every statement that inserts a row:
      //    9 % of the instructions of a bulk import (actions, budget lines, indicators, bilan rows).
      //    The same constraints written `x = 'a' OR x = 'b' OR x = 'c'` are compared in place. A
      //    CHECK is not part of the file format: its text is rewritten in sqlite_schema (the
      //    procedure of the SQLite documentation, « Making Other Kinds Of Table Schema Changes »;
      //    Database::init gives the schema a new cookie after the migrations), and every stored row
      //    satisfies the new text exactly as the old. indicators_by_action duplicated the first
      //    column of UNIQUE (action_id, kind, label): one index less to fill.
      R"sql(
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql =
  replace(replace(replace(replace(sql,
    'status IN (''brouillon'', ''validee_collectivite'', ''validee_etat'', ''double_validee'')',
    'status = ''brouillon'' OR status = ''validee_collectivite'' OR status = ''validee_etat'' OR status = ''double_validee'''),
    'financer_type IN (''etat'', ''collectivite'', ''autre'')',
    'financer_type = ''etat'' OR financer_type = ''collectivite'' OR financer_type = ''autre'''),
    'kind IN (''national'', ''local'', ''impact'')',
    'kind = ''national'' OR kind = ''local'' OR kind = ''impact'''),
    'type IN (''cls'', ''cie'', ''unique'')',
    'type = ''cls'' OR type = ''cie'' OR type = ''unique''')
WHERE type = 'table' AND name IN ('conventions', 'actions', 'budget_lines', 'indicators', 'bilan_expenses',
                                  'bilan_indicators');
PRAGMA writable_schema = RESET;
DROP INDEX indicators_by_action;
)sql",
      // 5: a CIE financing plan has several lines of one nature that differ by their object
      //    (« Objet de la dépense »: référents, formation), as bilan_expenses already allows. The
      //    object stays in `extra` with the row's other answers (the action's content, and its hash,
      //    do not change); `object` copies it so that the unique key can hold it. SQLite cannot
      //    change a UNIQUE constraint in place: the table is copied (nothing references it; its
      //    one trigger is made again).
      R"sql(
CREATE TABLE budget_lines_v5 (
  id            INTEGER PRIMARY KEY,
  action_id     INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
  year          INTEGER NOT NULL,
  financer_type TEXT NOT NULL CHECK (financer_type = 'etat' OR financer_type = 'collectivite' OR financer_type = 'autre'),
  financer_name TEXT NOT NULL DEFAULT '',
  nature        TEXT NOT NULL DEFAULT '',
  amount_cents  INTEGER NOT NULL,
  etp           REAL,
  -- « Pour info » lines (France Travail resources in a CIE plan) are shown, never summed.
  informational INTEGER NOT NULL DEFAULT 0 CHECK (informational IN (0, 1)),
  extra         TEXT,
  -- The « objet » of `extra` ('' when none), written with it by pilot.
  object        TEXT NOT NULL DEFAULT '',
  UNIQUE (action_id, year, financer_type, financer_name, nature, object)
);
INSERT INTO budget_lines_v5 (id, action_id, year, financer_type, financer_name, nature, amount_cents, etp,
                             informational, extra, object)
  SELECT id, action_id, year, financer_type, financer_name, nature, amount_cents, etp, informational, extra,
         coalesce(json_extract(extra, '$.objet'), '')
  FROM budget_lines ORDER BY id;
DROP TABLE budget_lines;
ALTER TABLE budget_lines_v5 RENAME TO budget_lines;
CREATE TRIGGER dashboard_stale_budget_update AFTER UPDATE ON budget_lines BEGIN
  DELETE FROM dashboard_fresh WHERE convention_id IN (SELECT convention_id FROM actions
    WHERE id IN (OLD.action_id, NEW.action_id));
END;
)sql",
      // 6: the index on answers keeps what its readers look for: which fields are answered, and by
      //    which actions (the export's columns, all_answer_keys and export_answered_keys). Reports
      //    read an action's values through the primary key. Without the values (free texts of
      //    several hundred characters) the index is a third of its size, and a bulk import rebuilds
      //    it in half the time (100 000 actions: 1,3 s instead of 2,5 s).
      R"sql(
DROP INDEX IF EXISTS action_answers_by_value;
CREATE INDEX IF NOT EXISTS action_answers_by_key ON action_answers(field_key, action_id);
)sql",
      // 7: the index on answers by key served one question, asked by each export: which keys have
      //    answers (to keep the answers of a field no form knows any more). A bulk import rebuilt it
      //    for every answer row (100 000 actions: 1,3 s of 12; 1 000 000: 18 s). The set of keys
      //    ever answered is kept instead, by the one writer of answers (ActionWriter), a row per
      //    key; an export checks a key no form knows through the primary key, action by action.
      R"sql(
CREATE TABLE answer_keys (field_key TEXT PRIMARY KEY) WITHOUT ROWID;
-- One seek per distinct key in the index about to go, rather than a read of every answer.
WITH RECURSIVE keys(key) AS (
  SELECT min(field_key) FROM action_answers
  UNION ALL
  SELECT (SELECT min(field_key) FROM action_answers WHERE field_key > keys.key) FROM keys WHERE keys.key IS NOT NULL
)
INSERT INTO answer_keys (field_key) SELECT key FROM keys WHERE key IS NOT NULL;
DROP INDEX IF EXISTS action_answers_by_key;
)sql",
      // 8: a budget line may give no amount (a CIE line in ETP only, as its form allows): NULL, not
      //    the 0 pilot stored before, which is an amount. Dropping NOT NULL loosens a constraint
      //    every stored row satisfies; the file format does not change, so the table's text is
      //    rewritten in place (as migration 4 did). Lines stored with 0 keep it: whether a 0 was
      //    typed or left blank cannot be told afterwards.
      R"sql(
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql, 'amount_cents  INTEGER NOT NULL,', 'amount_cents  INTEGER,')
WHERE type = 'table' AND name = 'budget_lines';
PRAGMA writable_schema = RESET;
)sql",
  };
  return k_migrations;
}

}  // namespace pilot::store
