// municat: search suggestions as progressive enhancement. The pages work
// without this script; with it, the search box offers dataset titles from
// /suggest in its native <datalist>, which every browser and screen reader
// presents as the box's list. Nothing is loaded from another host.
(function () {
	"use strict";
	var input = document.querySelector("input[data-suggest]");
	if (!input || !window.fetch) {
		return;
	}
	var list = document.getElementById(input.getAttribute("list"));
	var endpoint = input.getAttribute("data-suggest");
	var timer = null;
	var last = "";
	var controller = null;
	function update() {
		var q = input.value.trim();
		if (q.length < 2 || q === last) {
			return;
		}
		last = q;
		if (controller) {
			controller.abort();
		}
		controller = window.AbortController ? new AbortController() : null;
		var sep = endpoint.indexOf("?") < 0 ? "?" : "&";
		fetch(endpoint + sep + "q=" + encodeURIComponent(q), {
			headers: { "Accept": "application/json" },
			credentials: "omit",
			signal: controller ? controller.signal : undefined
		}).then(function (r) {
			return r.ok ? r.json() : [];
		}).then(function (titles) {
			while (list.firstChild) {
				list.removeChild(list.firstChild);
			}
			titles.forEach(function (t) {
				var o = document.createElement("option");
				o.value = t;
				list.appendChild(o);
			});
		}).catch(function () { /* suggestions are optional */ });
	}
	input.addEventListener("input", function () {
		clearTimeout(timer);
		timer = setTimeout(update, 200);
	});
})();
