<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB">
  <context>
    <name>counter</name>
    <message numerus="yes">
      <source>Batch {batch} ({state}): {n} files listed, {received} received, {missing} missing, {extra} extra</source>
      <translation>
        <numerusform>Batch {batch} ({state}): {n} file listed, {received} received, {missing} missing, {extra} extra</numerusform>
        <numerusform>Batch {batch} ({state}): {n} files listed, {received} received, {missing} missing, {extra} extra</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Batch {batch} with {n} files: print the slip and send it with them.</source>
      <translation>
        <numerusform>Batch {batch} with {n} file: print the slip and send it with it.</numerusform>
        <numerusform>Batch {batch} with {n} files: print the slip and send it with them.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Box {box} on shelf {shelf}: {n} files</source>
      <translation>
        <numerusform>Box {box} on shelf {shelf}: {n} file</numerusform>
        <numerusform>Box {box} on shelf {shelf}: {n} files</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Catalog {version} installed ({n} services).</source>
      <translation>
        <numerusform>Catalog {version} installed ({n} service).</numerusform>
        <numerusform>Catalog {version} installed ({n} services).</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Due within {n} working days</source>
      <translation>
        <numerusform>Due within {n} working day</numerusform>
        <numerusform>Due within {n} working days</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>HQ has {hq} of {n} for {day}</source>
      <translation>
        <numerusform>HQ has {hq} of {n} for {day}</numerusform>
        <numerusform>HQ has {hq} of {n} for {day}</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Nothing was imported: {bad} of {n} rows are invalid</source>
      <translation>
        <numerusform>Nothing was imported: {bad} of {n} row is invalid</numerusform>
        <numerusform>Nothing was imported: {bad} of {n} rows are invalid</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Received and ready per week, the last {n} weeks</source>
      <translation>
        <numerusform>Received and ready in the last {n} week</numerusform>
        <numerusform>Received and ready per week, the last {n} weeks</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>The catalog is invalid ({n} problems)</source>
      <translation>
        <numerusform>The catalog is invalid ({n} problem)</numerusform>
        <numerusform>The catalog is invalid ({n} problems)</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>The file has {n} pages; at most {limit} are taken at once</source>
      <translation>
        <numerusform>The file has {n} page; at most {limit} are taken at once</numerusform>
        <numerusform>The file has {n} pages; at most {limit} are taken at once</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>The payment cannot be recorded: {n} problems</source>
      <translation>
        <numerusform>The payment cannot be recorded: {n} problem</numerusform>
        <numerusform>The payment cannot be recorded: {n} problems</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>The request cannot be saved: {n} problems</source>
      <translation>
        <numerusform>The request cannot be saved: {n} problem</numerusform>
        <numerusform>The request cannot be saved: {n} problems</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>The request has {n} invalid fields</source>
      <translation>
        <numerusform>The request has {n} invalid field</numerusform>
        <numerusform>The request has {n} invalid fields</numerusform>
      </translation>
    </message>
    <message>
      <source>admin</source>
      <translation>Administrator</translation>
    </message>
    <message>
      <source>agency</source>
      <translation>agency</translation>
    </message>
    <message>
      <source>already imported</source>
      <translation>already imported</translation>
    </message>
    <message>
      <source>archive</source>
      <translation>Archive clerk</translation>
    </message>
    <message>
      <source>archive box</source>
      <translation>archive box</translation>
    </message>
    <message>
      <source>as</source>
      <translation>acting user</translation>
    </message>
    <message>
      <source>as typed</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>attach_scan</source>
      <translation>attach a scanned document</translation>
    </message>
    <message>
      <source>audit log</source>
      <translation>audit log</translation>
    </message>
    <message>
      <source>before the first cover sheet</source>
      <translation>before the first cover sheet</translation>
    </message>
    <message>
      <source>being received</source>
      <translation>being received</translation>
    </message>
    <message>
      <source>box_label</source>
      <translation>Box label</translation>
    </message>
    <message>
      <source>by</source>
      <translation>grouping</translation>
    </message>
    <message>
      <source>by name</source>
      <translation>by name</translation>
    </message>
    <message>
      <source>by national number</source>
      <translation>by national number</translation>
    </message>
    <message>
      <source>by phone number</source>
      <translation>by phone number</translation>
    </message>
    <message>
      <source>by receipt number</source>
      <translation>by receipt number</translation>
    </message>
    <message>
      <source>cancelled</source>
      <translation>Cancelled</translation>
    </message>
    <message>
      <source>center</source>
      <translation>center code</translation>
    </message>
    <message>
      <source>center_name</source>
      <translation>center name</translation>
    </message>
    <message>
      <source>change_status</source>
      <translation>change a request's status</translation>
    </message>
    <message>
      <source>clerk</source>
      <translation>Counter clerk</translation>
    </message>
    <message>
      <source>closed</source>
      <translation>closed</translation>
    </message>
    <message>
      <source>code</source>
      <translation>code</translation>
    </message>
    <message>
      <source>collector</source>
      <translation>collected by</translation>
    </message>
    <message>
      <source>complaint</source>
      <translation>Complaint</translation>
    </message>
    <message>
      <source>complete</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>copy_kept</source>
      <translation>copy kept</translation>
    </message>
    <message>
      <source>count</source>
      <translation>Count</translation>
    </message>
    <message>
      <source>cover</source>
      <translation>cover sheet</translation>
    </message>
    <message>
      <source>cover sheet not readable</source>
      <translation>cover sheet not readable</translation>
    </message>
    <message>
      <source>date</source>
      <translation>date</translation>
    </message>
    <message>
      <source>days</source>
      <translation>days</translation>
    </message>
    <message>
      <source>delivered</source>
      <translation>Delivered</translation>
    </message>
    <message>
      <source>diwan register entry</source>
      <translation>diwan register entry</translation>
    </message>
    <message>
      <source>document type</source>
      <translation>document type</translation>
    </message>
    <message>
      <source>documents</source>
      <translation>documents</translation>
    </message>
    <message>
      <source>done</source>
      <translation>done</translation>
    </message>
    <message>
      <source>done_late</source>
      <translation>Done late</translation>
    </message>
    <message>
      <source>done_on_time</source>
      <translation>Done on time</translation>
    </message>
    <message>
      <source>expected at least one argument</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>expected at most one argument</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>expected one argument</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>failed</source>
      <translation>failed</translation>
    </message>
    <message>
      <source>fee payment</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>file in a handover batch</source>
      <translation>file in a handover batch</translation>
    </message>
    <message>
      <source>file location in the archive</source>
      <translation>file location in the archive</translation>
    </message>
    <message>
      <source>filed</source>
      <translation>filed</translation>
    </message>
    <message>
      <source>filename</source>
      <translation>file name</translation>
    </message>
    <message>
      <source>forwarded</source>
      <translation>Forwarded</translation>
    </message>
    <message>
      <source>free of charge</source>
      <translation>free of charge</translation>
    </message>
    <message>
      <source>from</source>
      <translation>from date</translation>
    </message>
    <message>
      <source>full_name</source>
      <translation>Full name</translation>
    </message>
    <message>
      <source>handover</source>
      <translation>handover slip</translation>
    </message>
    <message>
      <source>handover batch</source>
      <translation>handover batch</translation>
    </message>
    <message>
      <source>handover batch closed</source>
      <translation>handover batch closed</translation>
    </message>
    <message>
      <source>handover batch opened</source>
      <translation>handover batch opened</translation>
    </message>
    <message>
      <source>hot folder</source>
      <translation>hot folder</translation>
    </message>
    <message>
      <source>import_history</source>
      <translation>import paper-era records</translation>
    </message>
    <message>
      <source>imported file</source>
      <translation>imported file</translation>
    </message>
    <message>
      <source>in_progress</source>
      <translation>In progress</translation>
    </message>
    <message>
      <source>incomplete</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>interrupted</source>
      <translation>interrupted (may have printed)</translation>
    </message>
    <message>
      <source>it was opened without its key</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>label</source>
      <translation>label</translation>
    </message>
    <message>
      <source>line</source>
      <translation>line</translation>
    </message>
    <message>
      <source>locked after inactivity</source>
      <translation>locked after inactivity</translation>
    </message>
    <message>
      <source>manage_archive</source>
      <translation>manage the archive</translation>
    </message>
    <message>
      <source>manage_catalog</source>
      <translation>manage the service catalog</translation>
    </message>
    <message>
      <source>manage_database</source>
      <translation>manage the database</translation>
    </message>
    <message>
      <source>manage_settings</source>
      <translation>change the station's settings</translation>
    </message>
    <message>
      <source>manage_users</source>
      <translation>manage users</translation>
    </message>
    <message>
      <source>media_type</source>
      <translation>file type</translation>
    </message>
    <message>
      <source>missing</source>
      <translation>not provided</translation>
    </message>
    <message>
      <source>missing from the batch</source>
      <translation>missing from the batch</translation>
    </message>
    <message>
      <source>name</source>
      <translation>name</translation>
    </message>
    <message>
      <source>national_id</source>
      <translation>national number</translation>
    </message>
    <message>
      <source>needs_info</source>
      <translation>Needs information</translation>
    </message>
    <message>
      <source>never</source>
      <translation>never</translation>
    </message>
    <message>
      <source>new request</source>
      <translation>new request</translation>
    </message>
    <message>
      <source>no</source>
      <translation>no</translation>
    </message>
    <message>
      <source>no key of that name in the credential store</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>no phone</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>none yet</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>not encrypted</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>not enrolled</source>
      <translation>not enrolled</translation>
    </message>
    <message>
      <source>not filed</source>
      <translation>not filed</translation>
    </message>
    <message>
      <source>not in a box</source>
      <translation>not in a box</translation>
    </message>
    <message>
      <source>not received yet</source>
      <translation>not received yet</translation>
    </message>
    <message>
      <source>not registered</source>
      <translation>not registered</translation>
    </message>
    <message>
      <source>not secure</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>not set up</source>
      <translation>not set up</translation>
    </message>
    <message>
      <source>note</source>
      <translation>note</translation>
    </message>
    <message>
      <source>offline</source>
      <translation>offline</translation>
    </message>
    <message>
      <source>one letter different</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>open</source>
      <translation>Open</translation>
    </message>
    <message>
      <source>opted out</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>optional</source>
      <translation>optional</translation>
    </message>
    <message>
      <source>original_seen</source>
      <translation>original seen</translation>
    </message>
    <message>
      <source>other spelling</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>out of paper</source>
      <translation>out of paper</translation>
    </message>
    <message>
      <source>outcome</source>
      <translation>call outcome</translation>
    </message>
    <message>
      <source>overdue</source>
      <translation>Overdue</translation>
    </message>
    <message>
      <source>paper_ref</source>
      <translation>paper reference</translation>
    </message>
    <message>
      <source>partly filed</source>
      <translation>partly filed</translation>
    </message>
    <message>
      <source>password</source>
      <translation>password</translation>
    </message>
    <message>
      <source>phone</source>
      <translation>phone</translation>
    </message>
    <message>
      <source>print</source>
      <translation>print</translation>
    </message>
    <message>
      <source>printer error</source>
      <translation>printer error</translation>
    </message>
    <message>
      <source>printing</source>
      <translation>printing</translation>
    </message>
    <message>
      <source>proxy_name</source>
      <translation>proxy's name</translation>
    </message>
    <message>
      <source>proxy_national_id</source>
      <translation>proxy's national number</translation>
    </message>
    <message>
      <source>quarantined</source>
      <translation>quarantined</translation>
    </message>
    <message>
      <source>query</source>
      <translation>search text</translation>
    </message>
    <message>
      <source>queued</source>
      <translation>queued</translation>
    </message>
    <message>
      <source>ready</source>
      <translation>Ready</translation>
    </message>
    <message>
      <source>ready to print</source>
      <translation>ready to print</translation>
    </message>
    <message>
      <source>reason</source>
      <translation>reason</translation>
    </message>
    <message>
      <source>receipt</source>
      <translation>receipt number</translation>
    </message>
    <message>
      <source>receive_handover</source>
      <translation>receive handovers</translation>
    </message>
    <message>
      <source>received</source>
      <translation>received</translation>
    </message>
    <message>
      <source>received_at</source>
      <translation>received at</translation>
    </message>
    <message>
      <source>reception</source>
      <translation>Reception</translation>
    </message>
    <message>
      <source>record_payment</source>
      <translation>record a fee payment</translation>
    </message>
    <message>
      <source>rejected</source>
      <translation>Rejected</translation>
    </message>
    <message>
      <source>request not at this station</source>
      <translation>request not at this station</translation>
    </message>
    <message>
      <source>request status change</source>
      <translation>request status change</translation>
    </message>
    <message>
      <source>scan attached to a request</source>
      <translation>scan attached to a request</translation>
    </message>
    <message>
      <source>scan_pending</source>
      <translation>to be scanned</translation>
    </message>
    <message>
      <source>scan_required</source>
      <translation>scan required</translation>
    </message>
    <message>
      <source>scanned</source>
      <translation>scanned</translation>
    </message>
    <message>
      <source>scanner</source>
      <translation>scanner</translation>
    </message>
    <message>
      <source>search</source>
      <translation>search</translation>
    </message>
    <message>
      <source>send_handover</source>
      <translation>send handovers</translation>
    </message>
    <message>
      <source>sending</source>
      <translation>sending</translation>
    </message>
    <message>
      <source>sent</source>
      <translation>sent</translation>
    </message>
    <message>
      <source>service</source>
      <translation>Service</translation>
    </message>
    <message>
      <source>service_code</source>
      <translation>Service code</translation>
    </message>
    <message>
      <source>service_name_ar</source>
      <translation>Service (Arabic)</translation>
    </message>
    <message>
      <source>service_name_en</source>
      <translation>Service</translation>
    </message>
    <message>
      <source>shelf</source>
      <translation>shelf</translation>
    </message>
    <message>
      <source>slip</source>
      <translation>required-documents slip</translation>
    </message>
    <message>
      <source>state unknown</source>
      <translation>state unknown</translation>
    </message>
    <message>
      <source>station</source>
      <translation>station number</translation>
    </message>
    <message>
      <source>status</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>status_at is earlier than received_at</source>
      <translation>status_at is earlier than received_at</translation>
    </message>
    <message>
      <source>subject</source>
      <translation>subject</translation>
    </message>
    <message>
      <source>submit_request</source>
      <translation>submit a request</translation>
    </message>
    <message>
      <source>submitted</source>
      <translation>Submitted</translation>
    </message>
    <message>
      <source>supervisor</source>
      <translation>Supervisor</translation>
    </message>
    <message>
      <source>the key could not be read back</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>the lists differ although the counts agree</source>
      <translation>the lists differ although the counts agree</translation>
    </message>
    <message>
      <source>the stored key is not readable</source>
      <translation type="unfinished" />
    </message>
    <message>
      <source>to</source>
      <translation>to date</translation>
    </message>
    <message>
      <source>url</source>
      <translation>address</translation>
    </message>
    <message>
      <source>username</source>
      <translation>User</translation>
    </message>
    <message>
      <source>view_archive</source>
      <translation>view the archive (register, boxes, scans)</translation>
    </message>
    <message>
      <source>view_calls</source>
      <translation>view the call list</translation>
    </message>
    <message>
      <source>view_cash</source>
      <translation>view the day's cash sheet</translation>
    </message>
    <message>
      <source>view_catalog</source>
      <translation>view the service catalog</translation>
    </message>
    <message>
      <source>view_files</source>
      <translation>open requests' scans and answers' files</translation>
    </message>
    <message>
      <source>view_handover</source>
      <translation>view handover batches</translation>
    </message>
    <message>
      <source>view_print_queue</source>
      <translation>view the print queue</translation>
    </message>
    <message>
      <source>view_reports</source>
      <translation>view reports</translation>
    </message>
    <message>
      <source>view_requests</source>
      <translation>view requests</translation>
    </message>
    <message>
      <source>view_settings</source>
      <translation>view the station's settings</translation>
    </message>
    <message>
      <source>view_station</source>
      <translation>view the station's figures</translation>
    </message>
    <message>
      <source>view_sync</source>
      <translation>view the sync status</translation>
    </message>
    <message>
      <source>view_users</source>
      <translation>view the user accounts</translation>
    </message>
    <message>
      <source>waived</source>
      <translation>waived</translation>
    </message>
    <message>
      <source>yes</source>
      <translation>yes</translation>
    </message>
    <message numerus="yes">
      <source>{file}: {status}, {n} pages</source>
      <translation>
        <numerusform>{file}: {status}, {n} page</numerusform>
        <numerusform>{file}: {status}, {n} pages</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>{n} entries still need attention</source>
      <translation>
        <numerusform>{n} entry still needs attention</numerusform>
        <numerusform>{n} entries still need attention</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>{n} files of today not handed over yet</source>
      <translation>
        <numerusform>{n} file of today not handed over yet</numerusform>
        <numerusform>{n} files of today not handed over yet</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>{n} found ({kind})</source>
      <translation>
        <numerusform>{n} found ({kind})</numerusform>
        <numerusform>{n} found ({kind})</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>{n} items need a person</source>
      <translation>
        <numerusform>{n} item needs a person</numerusform>
        <numerusform>{n} items need a person</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>{n} jobs waiting</source>
      <translation>
        <numerusform>{n} job waiting</numerusform>
        <numerusform>{n} jobs waiting</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>{n} pages filed under {receipt} ({doc}).</source>
      <translation>
        <numerusform>{n} page filed under {receipt} ({doc}).</numerusform>
        <numerusform>{n} pages filed under {receipt} ({doc}).</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>{n} pages wait for a person</source>
      <translation>
        <numerusform>{n} page waits for a person</numerusform>
        <numerusform>{n} pages wait for a person</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>{n} print jobs waiting</source>
      <translation>
        <numerusform>{n} print job waiting</numerusform>
        <numerusform>{n} print jobs waiting</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>{n} requests imported.</source>
      <translation>
        <numerusform>{n} request imported.</numerusform>
        <numerusform>{n} requests imported.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>{n} requests saved after the backup are not in the restored database.</source>
      <translation>
        <numerusform>{n} request saved after the backup is not in the restored database.</numerusform>
        <numerusform>{n} requests saved after the backup are not in the restored database.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>{n} requests to call</source>
      <translation>
        <numerusform>{n} request to call</numerusform>
        <numerusform>{n} requests to call</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>{n} working days</source>
      <translation>
        <numerusform>{n} working day</numerusform>
        <numerusform>{n} working days</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>From {start} to {end}: {n} requests</source>
      <translation type="obsolete">
        <numerusform>From {start} to {end}: {n} request</numerusform>
        <numerusform>From {start} to {end}: {n} requests</numerusform>
      </translation>
    </message>
    <message>
      <source>busy</source>
      <translation type="obsolete">busy</translation>
    </message>
    <message>
      <source>error</source>
      <translation type="obsolete">error</translation>
    </message>
    <message numerus="yes">
      <source>only the newest {n} are shown</source>
      <translation type="obsolete">
        <numerusform>only the newest {n} is shown</numerusform>
        <numerusform>only the newest {n} are shown</numerusform>
      </translation>
    </message>
    <message>
      <source>paper_out</source>
      <translation type="obsolete">out of paper</translation>
    </message>
    <message>
      <source>unknown</source>
      <translation type="obsolete">unknown</translation>
    </message>
    <message numerus="yes">
      <source>{n} ready requests to call</source>
      <translation type="obsolete">
        <numerusform>{n} ready request to call</numerusform>
        <numerusform>{n} ready requests to call</numerusform>
      </translation>
    </message>
  </context>
</TS>
