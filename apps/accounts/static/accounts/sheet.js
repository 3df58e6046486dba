// The sheet's one button (no inline scripts: the CSP allows only our own files).
document.getElementById("print-now")?.addEventListener("click", () => window.print());
