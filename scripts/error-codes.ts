import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * The error codes the server can answer with, read from its source (not imported: reading the text keeps
 * this free of the modules' boundaries and finds codes written inline). A code is `module.reason`.
 */

export type ErrorCodeSite = { file: string; line: number; message?: string; details: string[] };

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const CODE = /^[a-z][a-z_]*\.[a-z][a-z_]*$/;
const FACTORIES = new Set(['invalid', 'notFound', 'conflict', 'forbidden', 'unauthorized']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

function literal(node: ts.Node | undefined): string | undefined {
  return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;
}

function text(node: ts.Node | undefined, source: ts.SourceFile): string | undefined {
  if (!node) return undefined;
  return literal(node) ?? (ts.isTemplateExpression(node) ? node.getText(source).slice(1, -1) : undefined);
}

function detailKeys(node: ts.Node | undefined): string[] {
  if (!node || !ts.isObjectLiteralExpression(node)) return [];
  return node.properties.flatMap((p) =>
    (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && ts.isIdentifier(p.name) ? [p.name.text] : [],
  );
}

/** `const xErrors = { key: 'module.reason', ... }`: a module's table of codes. */
function isCodeTable(node: ts.Node): node is ts.VariableDeclaration & { initializer: ts.Expression } {
  return ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && /Errors$/.test(node.name.text);
}

function tableEntries(node: ts.Expression): ts.StringLiteral[] {
  const object = ts.isAsExpression(node) ? node.expression : node;
  if (!ts.isObjectLiteralExpression(object)) return [];
  return object.properties.flatMap((p) =>
    ts.isPropertyAssignment(p) && ts.isStringLiteral(p.initializer) ? [p.initializer] : [],
  );
}

/**
 * Every code in server/src (tests left out) with where it is raised: the modules' code tables, the literal
 * first argument of `invalid(…)`, `notFound(…)`, `conflict(…)`, `forbidden(…)`, `unauthorized(…)` and
 * `new DomainError(…)`, and the `request.…` codes of the answers the HTTP edge writes itself.
 */
export function serverErrorCodes(root = ROOT): Map<string, ErrorCodeSite[]> {
  const codes = new Map<string, ErrorCodeSite[]>();
  const serverSrc = join(root, 'server/src');
  for (const path of sourceFiles(serverSrc)) {
    const file = relative(root, path);
    const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
    const add = (code: string | undefined, at: ts.Node, message?: string, details: string[] = []) => {
      if (code === undefined || !CODE.test(code)) return;
      const line = source.getLineAndCharacterOfPosition(at.getStart(source)).line + 1;
      codes.set(code, [...(codes.get(code) ?? []), { file, line, message, details }]);
    };
    const visit = (node: ts.Node) => {
      if (isCodeTable(node)) for (const entry of tableEntries(node.initializer)) add(entry.text, entry);
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && FACTORIES.has(node.expression.text)) {
        const [code, message, details] = node.arguments;
        add(literal(code), node, text(message, source), detailKeys(details));
      }
      if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'DomainError') {
        const [code, , message, details] = node.arguments ?? [];
        add(literal(code), node, text(message, source), detailKeys(details));
      }
      // The HTTP edge writes some answers itself (body too large, bad URL, slow request): `request.…` codes.
      const own = literal(node);
      if (file.startsWith('server/src/platform/http/') && own?.startsWith('request.')) add(own, node);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return codes;
}

/** Whether a code is raised only by the open API (WeCom's surface answers errcodes, never shown in our web). */
export function isOpenApiOnly(sites: ErrorCodeSite[]): boolean {
  return sites.every((site) => site.file.startsWith('server/src/open-api/'));
}
