import assert from 'node:assert/strict';
import { Parser } from 'node-sql-parser';
import { MIGRATIONS, renderMigration } from '../../src/store/migrations';
import { evaluations, meetings, offlineEvents, sessionLogs } from '../../src/store/schema-meetings';
import { RLS_FUNCTION, RLS_POLICY } from '../../src/store/migrations/tenant-rls';
import { MIGRATION_LOCK, SET_TENANT_CONTEXT } from '../../src/store/mssql/tsql-statements';
import { ALL_QUERIES } from '../../src/store/queries';
import { T } from '../../src/store/queries/samples';
import { applications, coordinators, people, programmes, tenants } from '../../src/store/schema';
import { jobs } from '../../src/store/schema-jobs';
import { barredPairs, matches, matchingRuns, menteeHolds, mentorProfiles } from '../../src/store/schema-matching';
import {
  auditLog,
  botState,
  cardCopies,
  conversations,
  outbox,
  schemaMigrations,
  sendPacing,
  sendSlots,
} from '../../src/store/schema-messaging';
import { concerns, signposting } from '../../src/store/schema-concerns';
import { certificateCodes, certificates } from '../../src/store/schema-certificates';
import { createTable } from '../../src/store/sql/ddl';
import { render, tableName } from '../../src/store/sql/render';
import type { TableDef } from '../../src/store/sql/table';
import type { Dialect } from '../../src/store/sql/types';

const parser = new Parser();
const parses = (sql: string): boolean => {
  try {
    parser.astify(sql, { database: 'TransactSQL' });
    return true;
  } catch {
    return false;
  }
};

/** Every T-SQL batch the Azure SQL engine can send, with a label for failure messages. */
function allTsql(): { label: string; sql: string }[] {
  return [
    ...createTable(schemaMigrations, 'tsql', true).map((sql) => ({ label: 'schema_migrations (if not exists)', sql })),
    ...MIGRATIONS.flatMap((m) => renderMigration(m, 'tsql').map((sql) => ({ label: m.id, sql }))),
    ...ALL_QUERIES.map((q) => ({ label: q.name, sql: render(q.bind(...q.sample).statement, 'tsql').sql })),
    { label: 'tenant session context', sql: SET_TENANT_CONTEXT },
    { label: 'migration lock', sql: MIGRATION_LOCK },
  ];
}

/**
 * Statements node-sql-parser (TransactSQL mode) cannot parse although SQL Server accepts them. Each entry says
 * why it is still correct. The test below fails if an entry matches nothing or matches something that parses,
 * so this list cannot grow silently or outlive a parser upgrade.
 */
const PARSER_ALLOWLIST: { name: string; matches: (sql: string) => boolean; why: string }[] = [
  {
    name: 'sp_set_session_context',
    matches: (sql) => sql === SET_TENANT_CONTEXT,
    why: 'The parser rejects EXEC with an @key named argument; this is the documented call form of sp_set_session_context.',
  },
  {
    name: 'sp_getapplock with checked result',
    matches: (sql) => sql === MIGRATION_LOCK,
    why: 'The parser supports neither EXEC @ret = proc nor THROW; both are standard T-SQL and the documented way to detect a lock timeout.',
  },
  {
    name: 'dropping the old one-application-per-role constraint',
    matches: (sql) => sql === 'ALTER TABLE [dbo].[applications] DROP CONSTRAINT [ux_applications_person_role]',
    why: 'ALTER TABLE … DROP CONSTRAINT is standard T-SQL the parser does not know.',
  },
  {
    name: 'dropping the old one-match-per-pair constraint',
    matches: (sql) => sql === 'ALTER TABLE [dbo].[matches] DROP CONSTRAINT [ux_matches_pair]',
    why: 'ALTER TABLE … DROP CONSTRAINT is standard T-SQL the parser does not know.',
  },
  {
    name: 'RLS predicate function',
    matches: (sql) => sql.startsWith(`CREATE FUNCTION ${RLS_FUNCTION}(`),
    why: "Inline table-valued functions (RETURNS TABLE WITH SCHEMABINDING AS RETURN …) are outside the parser; the body is the form in Microsoft's RLS documentation.",
  },
  {
    name: 'RLS security policy',
    matches: (sql) => sql.startsWith('CREATE SECURITY POLICY '),
    why: 'CREATE SECURITY POLICY is SQL-Server-specific DDL the parser does not know; its coverage of every tenant table is asserted separately below.',
  },
  {
    name: 'RLS policy extended by a later migration',
    matches: (sql) => sql.startsWith(`ALTER SECURITY POLICY ${RLS_POLICY} ADD `),
    why: 'ALTER SECURITY POLICY … ADD FILTER/BLOCK PREDICATE is SQL-Server-specific DDL, as above; coverage is asserted below.',
  },
];

describe('T-SQL rendering', () => {
  const statements = allTsql();

  it('every statement the Azure SQL engine can issue parses as T-SQL, or is in the explained allowlist', () => {
    const failures = statements.filter((s) => !parses(s.sql) && !PARSER_ALLOWLIST.some((a) => a.matches(s.sql)));
    assert.deepEqual(failures, []);
    assert.ok(statements.length > 40, `expected every query and migration, got ${statements.length}`);
  });

  it('the allowlist holds only statements that exist and really do not parse', () => {
    for (const entry of PARSER_ALLOWLIST) {
      const matched = statements.filter((s) => entry.matches(s.sql));
      assert.ok(matched.length > 0, `allowlist entry "${entry.name}" matches no statement: remove it`);
      for (const s of matched)
        assert.equal(parses(s.sql), false, `"${entry.name}" now parses: remove it from the allowlist`);
    }
  });

  it('every table ends up with exactly the columns its definition lists, created or added by the migrations', () => {
    const built = new Map<string, Set<string>>();
    for (const m of MIGRATIONS) {
      for (const s of m.steps) {
        if (s.kind === 'table') built.set(s.table.name, new Set(Object.keys(s.table.columns)));
        if (s.kind === 'columns') for (const c of Object.keys(s.columns)) built.get(s.table.name)!.add(c);
      }
    }
    for (const table of [matches, matchingRuns, menteeHolds, mentorProfiles, barredPairs]) {
      assert.deepEqual([...built.get(table.name)!].sort(), Object.keys(table.columns).sort(), table.name);
    }
  });

  it('the security policy filters and blocks on every tenant table, and on nothing else', () => {
    // The policy as created by 0002 plus every later ALTER … ADD, in migration order.
    const policy = statements
      .filter((s) => s.sql.startsWith('CREATE SECURITY POLICY ') || s.sql.startsWith('ALTER SECURITY POLICY '))
      .map((s) => s.sql)
      .join(' ');
    const scoped = [
      programmes,
      people,
      coordinators,
      applications,
      auditLog,
      conversations,
      cardCopies,
      outbox,
      botState,
      jobs,
      mentorProfiles,
      matches,
      menteeHolds,
      matchingRuns,
      barredPairs,
      sendSlots,
      sendPacing,
      concerns,
      signposting,
      meetings,
      sessionLogs,
      offlineEvents,
      evaluations,
      certificates,
    ];
    // Every tenant table any migration creates, so a new one cannot be forgotten here or in its migration.
    const created = MIGRATIONS.flatMap((m) =>
      m.steps.flatMap((s) => (s.kind === 'table' && s.table.tenantScoped ? [s.table] : [])),
    );
    assert.deepEqual(created.map((x: TableDef) => x.name).sort(), scoped.map((x) => x.name).sort());
    for (const table of scoped) {
      const name = tableName('tsql', table);
      for (const clause of [
        `FILTER PREDICATE ${RLS_FUNCTION}([tenant_id]) ON ${name}`,
        `BLOCK PREDICATE ${RLS_FUNCTION}([tenant_id]) ON ${name} AFTER INSERT`,
        `BLOCK PREDICATE ${RLS_FUNCTION}([tenant_id]) ON ${name} AFTER UPDATE`,
      ]) {
        assert.ok(policy.includes(clause), `missing: ${clause}`);
      }
    }
    for (const table of [tenants, schemaMigrations]) assert.ok(!policy.includes(tableName('tsql', table)));
    // The public certificate directory is readable without a tenant, but written only as its owner tenant.
    const codes = tableName('tsql', certificateCodes);
    assert.ok(!policy.includes(`FILTER PREDICATE ${RLS_FUNCTION}([owner_tenant_id]) ON ${codes}`));
    for (const when of ['AFTER INSERT', 'AFTER UPDATE', 'BEFORE DELETE'])
      assert.ok(policy.includes(`BLOCK PREDICATE ${RLS_FUNCTION}([owner_tenant_id]) ON ${codes} ${when}`), when);
  });
});

describe('tenant scoping of every query', () => {
  const dialects: Dialect[] = ['sqlite', 'tsql'];
  const quoted = (d: Dialect) => (d === 'sqlite' ? '"tenant_id"' : '[tenant_id]');

  for (const q of ALL_QUERIES) {
    it(`${q.name} is scoped by tenant_id in both dialects when its table has it`, () => {
      const statement = q.bind(...q.sample).statement;
      for (const d of dialects) {
        const { sql, params } = render(statement, d);
        // Placeholders and parameters must line up, or values would bind to the wrong columns.
        const placeholders = d === 'sqlite' ? (sql.match(/\?/g) ?? []).length : (sql.match(/@p\d+/g) ?? []).length;
        assert.equal(placeholders, params.length, sql);
        if (!statement.table.tenantScoped) {
          assert.ok(!sql.includes(quoted(d)), `${q.name} touches no tenant table`);
          continue;
        }
        assert.ok(sql.includes(quoted(d)), sql);
        assert.ok(
          params.some((p) => p.value === T),
          `${q.name} binds the tenant id`,
        );
        if (statement.kind !== 'insert') {
          const where = d === 'sqlite' ? ` WHERE "tenant_id" = ?` : ` WHERE [tenant_id] = @p`;
          assert.ok(sql.includes(where), `${q.name} filters on tenant_id first: ${sql}`);
        } else if (statement.ifAbsent) {
          assert.ok(sql.includes(`WHERE ${quoted(d)} = `), `${q.name} checks existence within the tenant: ${sql}`);
        }
      }
    });
  }
});

describe('UPDATE assignments', () => {
  it('computes a whole-number increment in SQL and refuses any other object as a value', () => {
    const statement = (value: unknown) => ({
      kind: 'update' as const,
      table: outbox,
      set: { attempts: value } as never,
      where: { kind: 'and' as const, parts: [] },
    });
    assert.match(render(statement({ increment: -1 }), 'sqlite').sql, /"attempts" = "attempts" \+ -1/);
    for (const bad of [['x'], { increment: 0.5 }, { increment: Number.NaN }, {}]) {
      assert.throws(() => render(statement(bad), 'tsql'), /not a value or an increment/, JSON.stringify(bad));
    }
  });
});
