// @ts-check
// Renders openapi.json as a page: operations, their parameters and responses, and the
// schemas. Text from the document is placed as text; only `code` and **bold** are styled.
'use strict';

(async () => {
  /**
   * The parts of openapi.json shown here. Any of the objects may instead be a { $ref }.
   * @typedef {{ $ref?: string, type?: string | string[], enum?: unknown[], description?: string, required?: string[],
   *   properties?: Record<string, Schema> }} Schema
   * @typedef {{ $ref?: string, name: string, in: string, required?: boolean, description?: string, schema?: Schema }} Parameter
   * @typedef {{ $ref?: string, description?: string, content?: Record<string, { schema?: Schema }> }} Response
   * @typedef {{ $ref?: string, content: Record<string, { schema: Schema }> }} RequestBody
   * @typedef {{ operationId: string, summary: string, description?: string, tags: string[], security?: Record<string, string[]>[],
   *   parameters?: Parameter[], requestBody?: RequestBody, responses: Record<string, Response> }} Operation
   * @typedef {{ info: { title: string, version: string, summary: string, description: string }, tags: { name: string, description: string }[],
   *   paths: Record<string, Record<string, Operation>>, components: { schemas: Record<string, Schema> } }} OpenApi
   * @typedef {Node | string | null | undefined} Child
   */
  // Elements of api.html, which has them.
  const main = /** @type {HTMLElement} */ (document.getElementById('doc'));

  /**
   * @template {keyof HTMLElementTagNameMap} K
   * @param {K} tag @param {Record<string, string>} [attributes] @param {...Child} children
   */
  const el = (tag, attributes, ...children) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    node.append(...children.filter((child) => child !== null && child !== undefined));
    return node;
  };

  /** Markdown-ish text: `code` and **bold** spans, the rest as text. @param {string | undefined} text @param {'p' | 'span'} [tag] */
  function prose(text, tag = 'p') {
    const node = el(tag);
    for (const piece of String(text || '').split(/(`[^`]+`|\*\*[^*]+\*\*)/)) {
      if (piece.startsWith('`')) node.append(el('code', {}, piece.slice(1, -1)));
      else if (piece.startsWith('**')) node.append(el('strong', {}, piece.slice(2, -2)));
      else node.append(piece);
    }
    return node;
  }

  /** @type {OpenApi} */
  let doc;
  try {
    const response = await fetch('openapi.json', { cache: 'no-store' });
    doc = await response.json();
  } catch {
    main.replaceChildren(el('p', { class: 'banner', role: 'alert' }, 'Could not load openapi.json.'));
    return;
  }

  /** @template {{ $ref?: string } | undefined} T @param {T} node @returns {T} */
  const resolve = (node) =>
    node?.$ref
      ? node.$ref
          .slice(2)
          .split('/')
          .reduce((/** @type {any} */ at, key) => at[key], doc)
      : node;
  /** @param {Schema | undefined} schema */
  const typeOf = (schema) => {
    const s = resolve(schema) || {};
    if (schema?.$ref) return schema.$ref.split('/').pop();
    if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
    return [s.type || 'any'].flat().join(' | ');
  };

  /** @param {string[]} headings @param {Child[][]} rows */
  function table(headings, rows) {
    return el(
      'table',
      {},
      el('thead', {}, el('tr', {}, ...headings.map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, ...rows.map((cells) => el('tr', {}, ...cells.map((cell) => el('td', {}, cell))))),
    );
  }

  /** @param {string} path @param {string} method @param {Operation} op */
  function operation(path, method, op) {
    const section = el('section', { class: 'op', id: op.operationId });
    section.append(el('h3', {}, el('span', { class: `method ${method}` }, method), el('code', {}, path), op.summary));
    if (op.description) section.append(prose(op.description));
    const security = (op.security || []).flatMap((req) => Object.keys(req));
    if (security.length) section.append(prose(`Security: ${security.map((name) => `\`${name}\``).join(', ')}`));
    const parameters = (op.parameters || []).map(resolve);
    if (parameters.length) {
      section.append(
        table(
          ['Parameter', 'In', 'Type', 'Description'],
          parameters.map((p) => [el('code', {}, p.name + (p.required ? ' *' : '')), p.in, typeOf(p.schema), prose(p.description, 'span')]),
        ),
      );
    }
    const body = resolve(op.requestBody);
    if (body) {
      for (const [type, media] of Object.entries(body.content)) {
        const schema = resolve(media.schema);
        const required = schema.required || [];
        section.append(
          prose(`Request body: \`${type}\``),
          table(
            ['Field', 'Type', 'Description'],
            Object.entries(schema.properties || {}).map(([name, prop]) => [
              el('code', {}, name + (required.includes(name) ? ' *' : '')),
              typeOf(prop),
              prose(resolve(prop).description, 'span'),
            ]),
          ),
        );
      }
    }
    section.append(
      table(
        ['Status', 'Body', 'Meaning'],
        Object.entries(op.responses).map(([status, response]) => {
          const r = resolve(response);
          const content = Object.entries(r.content || {})
            .map(([type, media]) => `${type}${media.schema ? ` (${typeOf(media.schema)})` : ''}`)
            .join(', ');
          return [el('strong', {}, status), content || '–', prose(r.description, 'span')];
        }),
      ),
    );
    return section;
  }

  /** @type {HTMLElement} */ (document.getElementById('title')).textContent = `${doc.info.title} API ${doc.info.version}`;
  document.title = `${doc.info.title} API`;
  const parts = [prose(doc.info.summary), ...doc.info.description.split('\n\n').map((text) => prose(text))];
  for (const tag of doc.tags) {
    parts.push(el('h2', {}, tag.name), prose(tag.description));
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) if (op.tags.includes(tag.name)) parts.push(operation(path, method, op));
    }
  }
  parts.push(el('h2', {}, 'Schemas'));
  for (const [name, schema] of Object.entries(doc.components.schemas)) {
    parts.push(
      el(
        'details',
        { id: `schema-${name}` },
        el('summary', {}, name),
        schema.description ? prose(schema.description) : null,
        el('pre', {}, JSON.stringify(schema, null, 2)),
      ),
    );
  }
  main.replaceChildren(...parts);
})();
