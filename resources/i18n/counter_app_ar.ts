<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ar_SY">
  <context>
    <name>counter</name>
    <message>
      <source>A CSV import is limited to {limit} rows</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>A paper-era request cannot be dated in the future</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>A password is needed for the first admin</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>A reason is required to mark a request {status}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>A request cannot be submitted twice</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>A request that is {current} cannot become {target} (allowed: {allowed})</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>A user called {user} already exists</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>A user name is 2 to 64 Latin letters, digits, dots, dashes or underscores</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Active</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Agency</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Audit rows verified: {count}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Backup written and verified: {path}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>By</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Cannot create the backup folder {path}: {detail}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Cannot create the data folder {path}: {detail}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Cannot read {path}: {detail}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Cannot write the backup to {path}: {detail}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Catalog version</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Catalog version {new} is already installed with different content; a changed catalog needs a new version</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Catalog version {new} is older than the installed version {old}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Catalog version {version}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Catalog {version} installed ({count} services).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Catalog {version} is already installed.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Category</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Center</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Citizen</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Code</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Database</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Database check FAILED.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Database check passed.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Database upgraded; backup first written to {path}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Document</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Document {doc} is not part of service {service}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Document {doc} is required ({requirement}) but is {state}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Document {doc} is waived without a reason</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Duplicate {what} code: {code}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Error</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Fee (SYP)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>First admin account: {user}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>From {start} to {end}: {total} requests</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Internal error; nothing was saved by the failed step. Details: {log}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Item</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Locked</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Name</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>National number</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>No request with the number {ref}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>No service catalog is installed; run `counter-app setup`</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>No terminal to ask for the password; use --password-stdin</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Note</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Nothing was imported: {bad} of {total} rows are invalid</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Oldest waiting since</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Open requests</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Password accepted for {user}.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Password for the new account: </source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Phone</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Promised date</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Promised date: {date}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Reason</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Receipt number</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Received</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Repeat the password: </source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Request {receipt} is now {status}.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Requests</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Requirement</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Role</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>SLA days</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Saved. Receipt number: {receipt}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Say who you are with --as USER</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Schema</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Service</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Service {service} refers to unknown agency {code}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Service {service} refers to unknown document type {code}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>State</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Station</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Station {station} is set up.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Station {station} was already set up; nothing changed.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Status</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The CSV file lacks the columns: {columns}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The account is locked until {until} after too many failed attempts</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The backup {path} failed verification</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The catalog file is not valid JSON: {detail}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The catalog file must hold a JSON object</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The catalog is invalid ({count} problems)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The database is up to date ({schema}).</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The database schema is out of date; run `counter-app db upgrade`</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The database was written by a newer version of the program (schema {revision}); install the newer version instead</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The document checklist is incomplete</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The file contains a NUL byte on line {line}; it is not a clean CSV file</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The file is not valid UTF-8 text (line {line}, byte {offset})</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The holiday calendar is invalid: {detail}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The note on a document is limited to {limit} characters</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The password is not acceptable</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The password must have at least {min} characters</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The period ends before it starts</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The request cannot be saved: {count} problems</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The request has {count} invalid fields</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The search text is limited to {limit} characters</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>The two passwords differ</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>There is no active user called {user}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>This database already belongs to station {station}; a station's identity never changes</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>This station is not set up yet; run `counter-app setup` first</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Type something to search for</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Unknown document state {state}; use one of: {allowed}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Unknown grouping {by}; use one of: {allowed}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Unknown role {role}; use one of: {allowed}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Unknown service {code}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Unknown status {status}; use one of: {allowed}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Unsupported catalog format {found}; this version reads format {expected}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Upgraded from {old} to {new}; backup: {path}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>User</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>User {user} ({role}) is not allowed to {action}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>User {user} added with role {role}.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>User {user} is locked after too many failed logins</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Users</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Value</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Waiting to sync</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Warning: this citizen already has an open request for this service ({receipt})</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>When</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>Wrong user name or password</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>cancelled</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>complaint</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>copy_kept</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>count</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>delivered</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>done_late</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>done_on_time</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>forwarded</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>full_name</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>in_progress</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>line</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>missing</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>needs_info</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>not set up</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>open</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>optional</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>original_seen</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>overdue</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>paper_ref {ref} appears twice in the file (line {other})</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>paper_ref {ref} was already imported</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>ready</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>rejected</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>scan_pending</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>scan_required</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>scanned</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>service</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>service_code</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>service_name_ar</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>service_name_en</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>status</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>status_at is earlier than received_at</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>submitted</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>username</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>waived</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{count} requests imported.</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{field}: a center code is 2 to 6 Latin letters, e.g. MZH</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{field}: a name cannot contain digits</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{field}: a name must contain letters</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{field}: a national number has 11 digits, {value} has {count}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{field}: a national number has digits only, {value} has other characters</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{field}: a station number is 1 to 99</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{field}: at most {limit} characters, {count} given</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{field}: contains control characters that cannot be stored</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{field}: must be at least {min}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{field}: must be at most {max}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{field}: service {service} has no such field</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{field}: the year {year} is out of range</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{field}: this field is required</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{field}: {value} is not a Syrian mobile number (09XXXXXXXX)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{field}: {value} is not a date (use YYYY-MM-DD or DD/MM/YYYY)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{field}: {value} is not a number</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{field}: {value} is not a real calendar date</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{field}: {value} is not a time of day (HH:MM)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{field}: {value} is not one of the choices ({allowed})</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{location}: {detail}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{option} expects KEY=VALUE, got {value}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{path} cannot be read as a counter database: {detail}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{path} is a folder, not a database file</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{path} is not a counter database (not SQLite)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{value} is neither a national number (11 digits) nor a mobile number</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{value} is not a receipt number (like MZH-02-26-000123-7)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>{value}: the check character does not match; the number is mistyped</source>
      <translation type="unfinished" />
    </message>
  </context>
</TS>
