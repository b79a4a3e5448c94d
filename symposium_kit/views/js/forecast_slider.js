// A forecast slider from 0 to 1 (anywidget): a native <input type="range"> with its label, so that a
// screen reader names it and the keyboard moves it (arrows, Home, End, Page Up/Down).
// ipywidgets' FloatSlider draws a <div role="slider"> without an accessible name.
function render({ model, el }) {
  const label = document.createElement("label");
  label.className = "symposium-slider-label";
  const name = document.createElement("span");
  name.className = "symposium-slider-name";
  const input = document.createElement("input");
  input.type = "range";
  input.className = "symposium-slider-input";
  const readout = document.createElement("output");
  readout.className = "symposium-slider-readout";
  label.append(name, input, readout);
  el.append(label);
  el.classList.add("symposium-slider");

  const digits = () => Math.max(0, -Math.floor(Math.log10(model.get("step") || 1)));
  const draw = () => {
    name.textContent = model.get("description");
    input.min = "0";
    input.max = "1";
    input.step = String(model.get("step"));
    input.value = String(model.get("value"));
    input.setAttribute("aria-label", model.get("label") || model.get("description"));
    readout.textContent = Number(model.get("value")).toFixed(digits());
  };
  draw();
  input.addEventListener("input", () => {
    readout.textContent = Number(input.value).toFixed(digits());
  });
  input.addEventListener("change", () => {
    model.set("value", Number(input.value));
    model.save_changes();
  });
  for (const key of ["value", "step", "description", "label"]) {
    model.on(`change:${key}`, draw);
  }
  // JupyterLab's notebook shortcuts (ArrowUp/Down move between cells in command mode) must
  // not take the slider's keys: they stop at the slider, whose default action moves it
  const keys = ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End",
                "PageUp", "PageDown"];
  input.addEventListener("keydown", (event) => {
    if (keys.includes(event.key)) event.stopPropagation();
  });
}
export default { render };
