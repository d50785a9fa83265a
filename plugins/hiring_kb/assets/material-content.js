// Material for MkDocs' inline content script (partials/javascripts/content.html), moved to a file
// so the site runs under `script-src 'self'`.
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
