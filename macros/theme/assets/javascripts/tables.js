// Sortable index tables, and the filters of the deals table, kept in the page's address.
// Sorting is tablesort (tablesort.min.js beside this file, MIT), set up the way Material for MkDocs
// documents ("Data tables: sortable tables"), for the tables whose first heading is marked
// data-sortable (page.sortable). A cell sorts by the data-sort of the span it holds (ISO dates;
// values by currency, then amount; counts zero-padded), since Markdown gives a cell no attributes.
document$.subscribe(function () {
  document.querySelectorAll("article th > [data-sortable]").forEach(function (marker) {
    var table = marker.closest("table")
    table.querySelectorAll("td > span[data-sort]").forEach(function (span) {
      span.parentElement.setAttribute("data-sort", span.getAttribute("data-sort"))
    })
    new Tablesort(table)
  })
  document.querySelectorAll("form[data-filters]").forEach(setUpFilters)
})

// A filter keeps the rows whose keys (the hidden span[data-<filter>] in each row: ids or words,
// separated by spaces) include the chosen value; the text box keeps the rows that contain its words.
function setUpFilters(form) {
  var table = Array.prototype.find.call(document.querySelectorAll("article table"), function (t) {
    return form.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING
  })
  if (!table) return
  var rows = Array.prototype.slice.call(table.tBodies[0].rows)
  var selects = Array.prototype.slice.call(form.querySelectorAll("select"))
  var query = form.querySelector("input[name=q]")
  var output = form.querySelector("output")
  var names = selects.map(function (s) { return s.name }).concat([query.name])

  var params = new URLSearchParams(window.location.search)
  selects.forEach(function (select) {
    var wanted = params.get(select.name)
    if (wanted !== null && Array.prototype.some.call(select.options, function (o) { return o.value === wanted }))
      select.value = wanted
  })
  if (params.get(query.name) !== null) query.value = params.get(query.name)

  function keysOf(row, name) {
    var holder = row.querySelector("[data-" + name + "]")
    return holder ? holder.getAttribute("data-" + name).split(" ") : []
  }
  function apply() {
    var words = query.value.trim().toLowerCase().split(/\s+/).filter(Boolean)
    var shown = 0
    rows.forEach(function (row) {
      var keep = selects.every(function (select) {
        return !select.value || keysOf(row, select.name).indexOf(select.value) >= 0
      })
      if (keep && words.length) {
        var text = row.textContent.toLowerCase()
        keep = words.every(function (w) { return text.indexOf(w) >= 0 })
      }
      row.hidden = !keep
      if (keep) shown += 1
    })
    output.textContent = "Showing " + shown + " of " + rows.length + " " + form.dataset.filters + "."
    // Keep the address's other parameters; replace only the filters' own.
    var search = new URLSearchParams(window.location.search)
    names.forEach(function (name) { search.delete(name) })
    selects.forEach(function (select) { if (select.value) search.set(select.name, select.value) })
    if (query.value.trim()) search.set(query.name, query.value.trim())
    var text = search.toString()
    history.replaceState(null, "", window.location.pathname + (text ? "?" + text : "") + window.location.hash)
  }
  var pending
  function announceLater() {
    // Screen readers hear the count once the reader stops typing, not at every key or on load.
    output.setAttribute("aria-live", "polite")
    clearTimeout(pending)
    pending = setTimeout(apply, 300)
  }
  selects.forEach(function (select) {
    select.addEventListener("change", function () { output.setAttribute("aria-live", "polite"); apply() })
  })
  query.addEventListener("input", announceLater)
  form.addEventListener("reset", function () { setTimeout(apply, 0) })
  form.addEventListener("submit", function (event) { event.preventDefault() })
  form.hidden = false
  apply()
}
