// The work queue's "select all" box (the CSP allows no inline script). Listening on the
// document keeps it working after htmx swaps the results in.
document.addEventListener("change", function (event) {
  var box = event.target;
  if (!box || box.id !== "select-all") { return; }
  document.querySelectorAll('#bulk input[name="receipts"]').forEach(function (row) {
    row.checked = box.checked;
  });
});
