// Starts Swagger UI on the server's own OpenAPI document. Kept out of the page so the
// Content-Security-Policy needs no inline scripts.
window.addEventListener('load', function () {
    window.ui = SwaggerUIBundle({
        url: '/openapi',
        dom_id: '#swagger-ui',
        deepLinking: true
    });
});
