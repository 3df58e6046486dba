// The publish form: show the period fields for a plan, the link for a progress update and the
// unit picker for a scoped audience. Without JavaScript every field simply stays visible.
(function () {
  const form = document.querySelector("[data-feed-form]");
  if (!form) return;
  const checked = (name) => {
    const input = form.querySelector(`input[name="${name}"]:checked`);
    return input ? input.value : "";
  };
  function update() {
    const kind = checked("kind") || form.dataset.kind;
    const audience = checked("audience");
    form.querySelectorAll("[data-feed-show]").forEach((el) => {
      const want = el.dataset.feedShow;
      const show = want === "scope" ? audience === "scope" : want === kind;
      el.hidden = !show;
    });
  }
  form.addEventListener("change", update);
  update();
})();
