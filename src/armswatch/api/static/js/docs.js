// Swagger UI for /openapi.json, started from a file because the page's CSP forbids inline scripts.
"use strict";
window.addEventListener("DOMContentLoaded", () => {
  window.SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
