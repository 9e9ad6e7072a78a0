/* Start swagger-ui on the API docs page (kept out of the HTML: the CSP forbids inline scripts). */
(function () {
  "use strict";
  var node = document.getElementById("swagger-ui");
  if (!node || !window.SwaggerUIBundle) { return; }
  var csrf = node.getAttribute("data-csrf-token");
  window.ui = window.SwaggerUIBundle({
    url: node.getAttribute("data-openapi-url"),
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis],
    requestInterceptor: function (req) {
      if (csrf) { req.headers["X-CSRFToken"] = csrf; }
      return req;
    }
  });
}());
