/**
 * The shape of the code, checked in CI (`npm run lint`): the folders' one-way flow
 * (questionnaires → scoring → reports → server), fixtures only for seeding and tests, knex only in
 * the data-access layer, thin front ends (no page imports a route), no cycles.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Modules do not import each other in a circle.', from: {}, to: { circular: true } },
    {
      name: 'questionnaires-stand-alone',
      severity: 'error',
      comment: 'questionnaires/ imports nothing of ours but the message catalogue.',
      from: { path: '^questionnaires/' },
      to: { path: '^(scoring|reports|server|fixtures|bench|test)/' },
    },
    {
      name: 'scoring-is-pure',
      severity: 'error',
      comment: 'scoring/ reads no clock, does no I/O, and knows nothing of reports, the server or fixtures.',
      from: { path: '^scoring/' },
      to: {
        path: '^(reports|server|fixtures|bench|test)/|^(fs|node:fs|child_process|node:child_process)$|(^|/)node_modules/(knex|express|pg|better-sqlite3)/',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'reports-below-server',
      severity: 'error',
      comment: 'reports/ builds documents from a score; it never reaches into the server or fixtures.',
      from: { path: '^reports/' },
      to: { path: '^(server|fixtures|bench|test)/|(^|/)node_modules/(knex|express|pg|better-sqlite3)/' },
    },
    {
      name: 'fixtures-only-for-seeding-and-tests',
      severity: 'error',
      comment: 'Only the demo seeding, benchmarks and tests use fixtures/; the product does not.',
      from: { path: '^(questionnaires|scoring|reports|server)/', pathNot: '^server/demo' },
      to: { path: '^fixtures/' },
    },
    {
      name: 'knex-only-in-the-data-layer',
      severity: 'error',
      comment: 'Only repositories (and the db/ setup, migrations and feature stores) import knex or the database drivers.',
      from: { path: '^server/', pathNot: '^server/(db|repositories)/|^server/features/[^/]+/store' },
      to: { path: '(^|/)node_modules/(knex|pg|better-sqlite3)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'pages-do-not-import-routes',
      severity: 'error',
      comment: 'The web pages and the JSON routes are two thin front ends over the same services.',
      from: { path: '^server/web/' },
      to: { path: '^server/routes/' },
    },
    {
      name: 'routes-do-not-import-pages',
      severity: 'error',
      from: { path: '^server/routes/' },
      to: { path: '^server/web/' },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|data|artifacts|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
