/**
 * Dependency rules for src/ (ENGINEERING.md "one direction of dependency"): the domain is pure, use cases
 * know only the domain and their ports, adapters never reach into each other the wrong way, and only
 * src/compose.ts wires everything (src/index.ts runs it). `npm run test:deps` exits non-zero on any violation.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'src/domain is plain TypeScript: it may import only src/domain and zod (no node builtins, no other ' +
        'packages, nothing from use cases or adapters), so it stays fast to test and portable to a new SDK.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { pathNot: ['^src/domain/', '(^|/)node_modules/zod/'] },
    },
    {
      name: 'services-know-only-domain-and-ports',
      comment:
        'Use cases take their ports by constructor: they may import src/domain, src/services and node ' +
        'builtins, but no npm package (botbuilder, mssql, ...) and no adapter or config.',
      severity: 'error',
      from: { path: '^src/services/' },
      to: { pathNot: ['^src/domain/', '^src/services/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'store-not-to-teams-or-web',
      comment: 'The store is below the Teams and web adapters; it must not know about them.',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: '^src/(teams|web)/' },
    },
    {
      name: 'holidays-adapter-knows-only-domain',
      comment:
        'src/holidays adapts the date-holidays package to the domain BankHolidays port: like the store it may ' +
        'import the domain (and its npm package), never use cases, config or other adapters.',
      severity: 'error',
      from: { path: '^src/holidays/' },
      to: { path: '^src/', pathNot: ['^src/domain/', '^src/holidays/'] },
    },
    {
      name: 'pdf-adapter-knows-only-domain',
      comment:
        'src/pdf renders documents (certificates) with pdfkit from domain facts: it may import the domain and ' +
        'its npm packages, never use cases, config or other adapters.',
      severity: 'error',
      from: { path: '^src/pdf/' },
      to: { path: '^src/', pathNot: ['^src/domain/', '^src/pdf/'] },
    },
    {
      name: 'teams-not-to-store',
      comment: 'The Teams adapter reaches records only through use cases and ports, never the store itself.',
      severity: 'error',
      from: { path: '^src/teams/' },
      to: { path: '^src/store/' },
    },
    {
      name: 'adapters-wired-only-in-index',
      comment:
        'Only the composition root (src/compose.ts wires, src/index.ts runs it) and the adapters themselves ' +
        'import adapters; domain, ' +
        'services and config never do.',
      severity: 'error',
      from: { pathNot: ['^src/(index|compose)\\.ts$', '^src/(store|teams|web|graph|holidays|pdf)/'] },
      to: { path: '^src/(store|teams|web|graph|holidays|pdf)/' },
    },
    {
      name: 'index-is-the-root',
      comment: 'Nothing imports the composition root; importing it would start the service.',
      severity: 'error',
      from: {},
      to: { path: '^src/index\\.ts$' },
    },
    {
      name: 'no-circular',
      comment: 'Cycles hide the direction of dependency and make start-up order fragile.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing is a typo or a package missing from package.json.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a domain file importing a botbuilder type is still coupled to botbuilder.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.cjs', '.mjs', '.json', '.d.ts'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
