// municat administration: small enhancements. Every page works without
// this script; it only adds
//   - focus on the error summary after a failed submit, and links from the
//     summary that focus their input,
//   - confirm dialogs for forms with data-confirm (withdraw, delete, revoke),
//   - live validation of the dataset form (POST to data-check-url),
//   - the live schedule preview of the source form (POST to
//     data-preview-url),
//   - showing only the date and schedule fields that apply,
//   - selecting a shown secret (API token) with one click.
// No inline code, no requests to other hosts (Content-Security-Policy).
(function () {
	"use strict";

	// fieldID mirrors the server's fieldID: "f-" and the name with every
	// character other than a letter, digit or underscore replaced by "-".
	function fieldID(name) {
		return "f-" + name.replace(/[^A-Za-z0-9_]/g, "-");
	}

	function debounce(fn, ms) {
		var t = null;
		return function () {
			if (t) { clearTimeout(t); }
			t = setTimeout(fn, ms);
		};
	}

	// post sends the form's fields url-encoded and returns the parsed JSON
	// answer (rejects on any failure).
	function post(form, url) {
		var body = new URLSearchParams();
		new FormData(form).forEach(function (value, key) {
			if (typeof value === "string") { body.append(key, value); }
		});
		var csrf = form.querySelector("input[name=csrf]");
		return fetch(url, {
			method: "POST",
			credentials: "same-origin",
			headers: {
				"Content-Type": "application/x-www-form-urlencoded",
				"Accept": "application/json",
				"X-CSRF-Token": csrf ? csrf.value : ""
			},
			body: body.toString()
		}).then(function (res) {
			if (!res.ok) { throw new Error("HTTP " + res.status); }
			return res.json();
		});
	}

	function addDescribedBy(el, id) {
		var ids = (el.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
		if (ids.indexOf(id) < 0) { ids.push(id); }
		el.setAttribute("aria-describedby", ids.join(" "));
	}

	function removeDescribedBy(el, id) {
		var ids = (el.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (x) { return x && x !== id; });
		if (ids.length) { el.setAttribute("aria-describedby", ids.join(" ")); } else { el.removeAttribute("aria-describedby"); }
	}

	// --- Error summary -------------------------------------------------
	function errorSummary() {
		var summary = document.querySelector("[data-error-summary]");
		if (!summary) { return; }
		summary.focus();
		summary.addEventListener("click", function (e) {
			var a = e.target.closest("a[href^='#']");
			if (!a) { return; }
			var target = document.getElementById(a.getAttribute("href").slice(1));
			if (!target) { return; }
			e.preventDefault();
			var box = target.closest(".field, fieldset") || target;
			box.scrollIntoView();
			target.focus({ preventScroll: true });
		});
	}

	// --- Confirm dialogs -----------------------------------------------
	function confirms() {
		document.addEventListener("submit", function (e) {
			var form = e.target;
			var msg = form.getAttribute && form.getAttribute("data-confirm");
			if (msg && !window.confirm(msg)) { e.preventDefault(); }
		}, true);
	}

	// --- Show only the fields that apply -------------------------------
	// toggle shows the field of input id only when show() holds.
	function toggler(form, ids, show) {
		var boxes = ids.map(function (id) {
			var el = document.getElementById(id);
			return el ? el.closest(".field") : null;
		}).filter(Boolean);
		if (!boxes.length) { return; }
		function apply() {
			var on = show();
			boxes.forEach(function (box) {
				// Never hide a field that shows an error.
				box.hidden = !on && !box.classList.contains("field-error");
			});
		}
		form.addEventListener("change", apply);
		apply();
	}

	function checkedValue(form, name) {
		var el = form.querySelector("input[name='" + name + "']:checked");
		return el ? el.value : "";
	}

	function dependentFields() {
		document.querySelectorAll("form").forEach(function (form) {
			if (form.querySelector("input[name=publication][type=radio]")) {
				toggler(form, [fieldID("publish_date"), fieldID("publish_time")], function () {
					return checkedValue(form, "publication") === "schedule";
				});
			}
			if (form.querySelector("input[name=upload_publication]")) {
				toggler(form, [fieldID("upload_date"), fieldID("upload_time")], function () {
					return checkedValue(form, "upload_publication") === "schedule";
				});
			}
			var mode = form.querySelector("select[name=schedule_mode]");
			if (mode) {
				toggler(form, [fieldID("schedule_time")], function () { return mode.value !== "manual"; });
				toggler(form, [fieldID("schedule_weekday")], function () { return mode.value === "weekly"; });
				toggler(form, [fieldID("schedule_day")], function () { return mode.value === "monthly"; });
			}
		});
	}

	// --- Live validation of the dataset form ----------------------------
	function liveValidation(form) {
		var url = form.getAttribute("data-check-url");
		var status = form.querySelector("#live-status");
		var touched = {};
		var shown = [];

		function clear() {
			shown.forEach(function (item) {
				if (item.msg.parentNode) { item.msg.parentNode.removeChild(item.msg); }
				removeDescribedBy(item.input, item.msg.id);
			});
			shown = [];
		}

		function show(list, kind, prefix) {
			list.forEach(function (m) {
				if (!touched[m.field]) { return; }
				var input = document.getElementById(m.id);
				if (!input) { return; }
				var box = input.closest(".field, fieldset");
				if (!box) { return; }
				var p = document.createElement("p");
				p.id = m.id + "-live-" + kind + "-" + shown.length;
				p.className = kind === "error" ? "error-message live-message" : "live-message warning";
				var lead = document.createElement("span");
				lead.className = kind === "error" ? "visually-hidden" : "";
				lead.textContent = prefix;
				p.appendChild(lead);
				p.appendChild(document.createTextNode(" " + m.message));
				var anchor = box.querySelector("input, select, textarea, ul.choices");
				box.insertBefore(p, anchor && anchor.parentNode === box ? anchor : null);
				addDescribedBy(input, p.id);
				shown.push({ msg: p, input: input });
			});
		}

		// settle removes the server's messages of touched inputs that have
		// no error any more.
		function settle(errors) {
			var bad = {};
			errors.forEach(function (m) { bad[m.field] = true; });
			Object.keys(touched).forEach(function (name) {
				if (bad[name]) { return; }
				var input = document.getElementById(fieldID(name));
				var box = input && input.closest(".field, fieldset");
				if (!box) { return; }
				box.classList.remove("field-error");
				input.removeAttribute("aria-invalid");
				box.querySelectorAll(".error-message:not(.live-message)").forEach(function (el) {
					removeDescribedBy(input, el.id);
					el.parentNode.removeChild(el);
				});
			});
		}

		var run = debounce(function () {
			post(form, url).then(function (res) {
				var errors = res.errors || [], warnings = res.warnings || [];
				clear();
				settle(errors);
				show(errors, "error", "Fehler:");
				show(warnings, "warning", "Empfehlung:");
				if (status) {
					var parts = [];
					parts.push(errors.length === 0 ? "Keine Fehler." : errors.length === 1 ? "1 Angabe muss noch korrigiert werden." : errors.length + " Angaben müssen noch korrigiert werden.");
					if (warnings.length) { parts.push(warnings.length === 1 ? "1 Empfehlung." : warnings.length + " Empfehlungen."); }
					status.textContent = parts.join(" ");
				}
			}).catch(function () { /* the server checks again on submit */ });
		}, 600);

		function touch(e) {
			if (!e.target.name || e.target.type === "hidden") { return; }
			touched[e.target.name] = true;
			run();
		}
		form.addEventListener("change", touch);
		form.addEventListener("input", touch);
		// After a failed submit every field counts as touched.
		if (document.querySelector("[data-error-summary]")) {
			form.querySelectorAll("input[name], select[name], textarea[name]").forEach(function (el) {
				if (el.type !== "hidden") { touched[el.name] = true; }
			});
		}
	}

	// --- Schedule preview of the source form -----------------------------
	function schedulePreview(form) {
		var url = form.getAttribute("data-preview-url");
		var box = document.getElementById("schedule-preview");
		if (!url || !box) { return; }
		function para(text, strong) {
			var p = document.createElement("p");
			p.appendChild(document.createTextNode(text));
			if (strong) {
				var s = document.createElement("strong");
				s.textContent = strong;
				p.appendChild(s);
			}
			return p;
		}
		var run = debounce(function () {
			post(form, url).then(function (res) {
				box.textContent = "";
				if (res.error) {
					box.appendChild(para("Der Zeitplan ist so nicht lesbar: " + res.error));
					return;
				}
				box.appendChild(para("Geplant: ", res.description || "nur von Hand"));
				if (res.next && res.next.length) {
					box.appendChild(para("Die nächsten Läufe:"));
					var ul = document.createElement("ul");
					res.next.forEach(function (t) {
						var li = document.createElement("li");
						li.textContent = t;
						ul.appendChild(li);
					});
					box.appendChild(ul);
				}
			}).catch(function () { /* the server shows it after "Zeitplan prüfen" */ });
		}, 400);
		form.addEventListener("input", function (e) {
			if (/^(schedule_|time_zone)/.test(e.target.name || "")) { run(); }
		});
		form.addEventListener("change", function (e) {
			if (/^(schedule_|time_zone)/.test(e.target.name || "")) { run(); }
		});
	}

	// --- Secrets: one click selects all ---------------------------------
	function secrets() {
		document.querySelectorAll("input.secret").forEach(function (el) {
			el.addEventListener("focus", function () { el.select(); });
			el.addEventListener("click", function () { el.select(); });
		});
	}

	function init() {
		errorSummary();
		confirms();
		dependentFields();
		document.querySelectorAll("form[data-check-url]").forEach(liveValidation);
		document.querySelectorAll("form[data-schedule-form]").forEach(schedulePreview);
		secrets();
	}

	if (document.readyState === "loading") {
		document.addEventListener("DOMContentLoaded", init);
	} else {
		init();
	}
}());
