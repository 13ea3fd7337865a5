// Package notify tells a source's data officer when a scheduled harvest of
// the source fails, and when it works again: by a JSON POST to a webhook
// and/or by e-mail over SMTP.
//
// # When a notice is sent
//
//   - A failed run sends "run.failed", at most once per source per hour
//     (FailureInterval): repeated failures within the hour are counted in
//     the log only. The throttle lives in the Notifier's memory, so a
//     restart forgets it and may send one notice early.
//   - A succeeded run whose previous run failed or was interrupted sends
//     "run.recovered", unless the source's settings set on_recovery: false.
//     It is never throttled.
//   - Interrupted runs (municat was stopped during the run), runs still
//     going on and dry runs send nothing: the data officer cannot act on
//     them.
//
// # Webhook payload
//
// The webhook receives a POST with Content-Type application/json and
// User-Agent "municat/<version>". The body is one JSON object (Payload);
// fields are only ever added, never renamed or removed:
//
//	{
//	  "event": "run.failed",                 // or "run.recovered"
//	  "sent": "2026-11-25T13:52:10Z",        // when the notice was made (UTC)
//	  "source": "stadt-ckan",                // source id
//	  "source_name": "Stadtportal",          // display name (the id if none)
//	  "source_url": "https://ckan.example.org", // omitted if unknown
//	  "run": "20261125T135000Z-3f2a9c",      // run id
//	  "status": "failed",                    // the run's status: failed or succeeded
//	  "previous_status": "succeeded",        // the run before it; "" if none
//	  "error": "Die Quelle antwortet nicht …", // why it failed, German, for people
//	  "started": "2026-11-25T13:50:00Z",
//	  "finished": "2026-11-25T13:52:09Z",    // omitted if unknown
//	  "pages": 3,
//	  "counts": {"added": 1, "updated": 2, "unchanged": 40,
//	             "withdrawn": 0, "failed": 1, "flagged": 0},
//	  "link": "https://daten.example.de/api/v1/sources/stadt-ckan/runs/20261125T135000Z-3f2a9c"
//	}
//
// The request also carries these headers:
//
//	X-Municat-Event: run.failed
//	X-Municat-Delivery: <random id, the same on the retry; dedupe on it>
//	X-Municat-Signature: sha256=<hex>   (only if the source sets a secret)
//
// The signature is the lower-case hex HMAC-SHA256 of the exact request
// body, keyed with the secret from the source's notify settings (see Sign).
// A receiver computes it over the raw body it read, compares it in constant
// time (hmac.Equal), and may reject notices whose "sent" is too old.
//
// Any 2xx answer counts as delivered; its body is read (at most 64 KiB) and
// discarded. A network error or a 5xx answer is retried once after 2
// seconds; any other answer, including a redirect, is an error. Each
// attempt times out after 10 seconds.
//
// # E-mail
//
// The e-mail is plain text (UTF-8, quoted-printable), German first with an
// English paragraph below. It says which source and run failed, the run's
// error message and counts, what to check next and links to the run in the
// API. It is sent over SMTP with STARTTLS (the default, refused if the
// server does not offer it), implicit TLS, or, for a server on the loopback
// interface only, without TLS. Credentials are only sent over TLS. Sending
// times out after 30 seconds unless the SMTP settings say otherwise.
package notify
