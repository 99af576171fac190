import swagger from "@fastify/swagger";
import type { FastifyInstance } from "fastify";
import { documentOptionalBodies } from "./json-body.js";

/** OpenAPI 3.1 generated from the route schemas, served at /v1/openapi.json with a docs page. */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Keyward API",
        version,
        description:
          "Self-hosted software licensing. Authenticate with `Authorization: Bearer <token>`, or " +
          "`Authorization: License <license key>` (a license token of that license); " +
          'errors are `{"error": {"code", "message", "requestId"}}`. Any operation that needs ' +
          "the database may answer 503 `DATABASE_UNAVAILABLE` while it is unavailable: retry later.",
      },
      components: {
        securitySchemes: {
          bearer: { type: "http", scheme: "bearer" },
          license: {
            type: "apiKey",
            in: "header",
            name: "Authorization",
            description: "`License <license key>`: acts as a license token of that license",
          },
        },
      },
      security: [{ bearer: [] }, { license: [] }],
    },
    transformObject: (document) =>
      "openapiObject" in document
        ? documentOptionalBodies(document.openapiObject)
        : document.swaggerObject,
  });
  app.get("/v1/openapi.json", { schema: { hide: true } }, async () => app.swagger());
  app.get("/v1/docs", { schema: { hide: true } }, async (_request, reply) =>
    reply.type("text/html; charset=utf-8").send(DOCS_PAGE),
  );
}

// A dependency-free reader for the OpenAPI document: operations by tag, their parameters,
// bodies and responses. Works offline (no CDN), which self-hosted deployments often are.
const DOCS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Keyward API</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#222}
h2{border-bottom:1px solid #ddd;margin-top:2rem}.op{margin:1rem 0;padding:.5rem 1rem;border:1px solid #e3e3e3;border-radius:6px}
.m{font-weight:700;text-transform:uppercase;margin-right:.5rem}pre{background:#f6f8fa;padding:.5rem;overflow:auto;font-size:13px}
details summary{cursor:pointer}
</style></head><body><h1>Keyward API</h1><p id="intro"></p><div id="ops">Loading…</div>
<script>
fetch("/v1/openapi.json").then(r=>r.json()).then(doc=>{
  document.getElementById("intro").textContent=doc.info.description+" (version "+doc.info.version+")";
  const byTag={};
  for(const [path,ops] of Object.entries(doc.paths||{}))for(const [method,op] of Object.entries(ops)){
    const tag=(op.tags||["other"])[0];(byTag[tag]=byTag[tag]||[]).push({path,method,op});}
  const root=document.getElementById("ops");root.textContent="";
  const el=(t,c,x)=>{const e=document.createElement(t);if(c)e.className=c;if(x)e.textContent=x;return e};
  const block=(label,value)=>{const d=el("details");d.append(el("summary","",label),el("pre","",JSON.stringify(value,null,2)));return d};
  for(const [tag,ops] of Object.entries(byTag)){root.append(el("h2","",tag));
    for(const {path,method,op} of ops){const box=el("div","op");const h=el("div");
      h.append(el("span","m",method),el("code","",path),el("span",""," — "+(op.summary||"")));box.append(h);
      if(op.parameters)box.append(block("parameters",op.parameters));
      if(op.requestBody)box.append(block("request body",op.requestBody.content));
      for(const [status,res] of Object.entries(op.responses||{}))box.append(block("response "+status,res.content||res.description));
      root.append(box);}}
});
</script></body></html>`;
