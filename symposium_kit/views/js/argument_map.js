// The interactive argument map (an anywidget front end, no build step).
// The model holds `claims` (one record per claim, with its quote in context),
// `participants`, and the selection: `selected` (a claim id), `shown` (the ids
// of the participants whose claims are listed) and `relation` ("all",
// "support", "attack"). Every control is a real <button>, <input> or <select>
// with a label, so the map works by keyboard and with a screen reader.

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "style") Object.assign(node.style, v);
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child);
  return node;
}

function render({ model, el: root }) {
  const claims = model.get("claims");
  const people = model.get("participants");
  const byId = Object.fromEntries(claims.map((c) => [c.id, c]));
  const uid = "sk-map-" + Math.random().toString(36).slice(2, 8);
  root.classList.add("sk-argument-map");

  const filters = el("fieldset", { class: "sk-map-filters" }, el("legend", {}, "Show claims by"));
  const boxes = {};
  for (const p of people) {
    const id = `${uid}-${p.id}`;
    const box = el("input", { type: "checkbox", id, value: p.id });
    box.addEventListener("change", () => {
      const shown = people.map((q) => q.id).filter((q) => boxes[q].checked);
      model.set("shown", shown);
      model.save_changes();
    });
    boxes[p.id] = box;
    filters.append(
      el("label", { for: id, class: "sk-map-person", style: { borderColor: p.colour } }, box, " " + p.label)
    );
  }
  const relId = `${uid}-relation`;
  const relation = el(
    "select",
    { id: relId },
    el("option", { value: "all" }, "all claims"),
    el("option", { value: "support" }, "claims that support another"),
    el("option", { value: "attack" }, "claims that attack another")
  );
  relation.addEventListener("change", () => {
    model.set("relation", relation.value);
    model.save_changes();
  });
  const relBox = el("div", { class: "sk-map-relation" }, el("label", { for: relId }, "Relation: "), relation);

  const columns = el("div", { class: "sk-map-columns", role: "list", "aria-label": "claims by contributor" });
  const detail = el("section", { class: "sk-map-detail", "aria-live": "polite", "aria-label": "the selected claim" });
  root.replaceChildren(el("div", { class: "sk-map-controls" }, filters, relBox), detail, columns);

  function select(id) {
    model.set("selected", id);
    model.save_changes();
  }

  function linkList(title, ids, symbol) {
    if (!ids.length) return "";
    const list = el("ul", {});
    for (const id of ids) {
      const c = byId[id];
      list.append(
        el("li", {}, el("button", { type: "button", class: "sk-map-link", onclick: () => select(id) }, `${symbol} ${c.who}: ${c.text}`))
      );
    }
    return el("div", {}, el("h4", {}, title), list);
  }

  function draw() {
    const shown = new Set(model.get("shown"));
    const rel = model.get("relation");
    const selected = model.get("selected");
    for (const p of people) boxes[p.id].checked = shown.has(p.id);
    relation.value = rel;
    const columnNodes = [];
    for (const p of people) {
      if (!shown.has(p.id)) continue;
      const mine = claims.filter(
        (c) => c.participant === p.id && (rel === "all" || (rel === "support" ? c.supports.length : c.attacks.length))
      );
      const list = el("ul", {});
      for (const c of mine) {
        const attrs = {
          type: "button",
          class: "sk-map-claim sk-role-" + c.role + (c.id === selected ? " sk-selected" : ""),
          "aria-pressed": c.id === selected ? "true" : "false",
          style: { borderLeftColor: p.colour },
          onclick: () => select(c.id),
        };
        list.append(el("li", {}, el("button", attrs, el("strong", {}, c.role + ": "), c.text)));
      }
      columnNodes.push(
        el("div", { class: "sk-map-column", role: "listitem" }, el("h3", { style: { borderBottomColor: p.colour } }, `${p.label} (${mine.length})`), list)
      );
    }
    columns.replaceChildren(...columnNodes);
    const c = byId[selected];
    if (!c) {
      detail.replaceChildren(el("p", {}, "Choose a claim to read its words in context and what it answers."));
      return;
    }
    const attackedBy = claims.filter((o) => o.attacks.includes(c.id)).map((o) => o.id);
    const supportedBy = claims.filter((o) => o.supports.includes(c.id)).map((o) => o.id);
    detail.replaceChildren(
      el("h3", {}, `${c.who}, ${c.role}`),
      el("p", { class: "sk-map-summary" }, c.text),
      el(
        "blockquote",
        { class: "sk-map-context" },
        c.before,
        el("mark", {}, c.quote),
        c.after,
        el("footer", {}, `— ${c.name}, paragraph ${c.paragraph}`)
      ),
      linkList("It supports", c.supports, "→"),
      linkList("It attacks", c.attacks, "✕"),
      linkList("Supported by", supportedBy, "←"),
      linkList("Attacked by", attackedBy, "✕")
    );
  }

  model.on("change:selected", draw);
  model.on("change:shown", draw);
  model.on("change:relation", draw);
  draw();
}

export default { render };
