<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ar_SY">
  <context>
    <name>counter</name>
    <message>
      <source>%(prog)s: error: %(message)s
</source>
      <translation>خطأ: %(message)s
</translation>
    </message>
    <message>
      <source>--as {user} needs that user's password: type it at a terminal, or give it on the first line of the input with --password-stdin, or in the environment variable COUNTER_APP_PASSWORD (scripts)</source>
      <translation>يحتاج ‎--as {user}‎ إلى كلمة مرور هذا المستخدم: اكتبها في الطرفية، أو أعطها في السطر الأول من المدخلات مع ‎--password-stdin‎، أو في متغير البيئة COUNTER_APP_PASSWORD (للبرامج النصية)</translation>
    </message>
    <message>
      <source>--format {fmt} writes a file: give it with --out FILE</source>
      <translation>الصيغة {fmt} تكتب ملفاً: حدّده بـ ‎--out FILE</translation>
    </message>
    <message>
      <source>--out writes the sheet as a file: add --format csv or --format pdf</source>
      <translation>الخيار --out يكتب الكشف في ملف: أضف --format csv أو --format pdf</translation>
    </message>
    <message>
      <source>--password-stdin: no password on the first line of the input</source>
      <translation>--password-stdin: لا توجد كلمة مرور في السطر الأول من المدخلات</translation>
    </message>
    <message>
      <source>... more faults not listed</source>
      <translation>... وأخطاء أخرى لم تُذكر</translation>
    </message>
    <message>
      <source>A CSV import is limited to {limit} rows</source>
      <translation>الحد الأقصى لعدد الأسطر في استيراد ملف CSV هو {limit}</translation>
    </message>
    <message>
      <source>A fee paid at the bank desk has no bank receipt number</source>
      <translation>الرسم المدفوع في كوة المصرف بالمركز ليس له رقم إيصال مصرف</translation>
    </message>
    <message>
      <source>A folder is written as a full path</source>
      <translation>يُكتب المجلد بمساره الكامل</translation>
    </message>
    <message>
      <source>A newer version {version} is available</source>
      <translation>يتوفر إصدار أحدث {version}</translation>
    </message>
    <message>
      <source>A newer version {version} is available: {url}</source>
      <translation>يتوفر إصدار أحدث {version}: {url}</translation>
    </message>
    <message>
      <source>A newer version {version} is available; ask HQ for the installer</source>
      <translation>يتوفر إصدار أحدث {version}؛ اطلب ملف التثبيت من الإدارة المركزية</translation>
    </message>
    <message>
      <source>A paper-era request cannot be dated in the future</source>
      <translation>لا يجوز أن يكون تاريخ طلب منقول من السجلات الورقية في المستقبل</translation>
    </message>
    <message>
      <source>A password is needed for the first admin</source>
      <translation>يلزم إدخال كلمة مرور لحساب مدير النظام الأول</translation>
    </message>
    <message>
      <source>A printer is written as BACKEND:NAME</source>
      <translation>تُكتب الطابعة بالشكل BACKEND:NAME</translation>
    </message>
    <message>
      <source>A proxy</source>
      <translation>وكيل</translation>
    </message>
    <message>
      <source>A reason is required to mark a request {status}</source>
      <translation>يجب ذكر السبب عند تغيير حالة الطلب إلى {status}</translation>
    </message>
    <message>
      <source>A request cannot be submitted twice</source>
      <translation>لا يمكن تقديم الطلب نفسه مرتين</translation>
    </message>
    <message>
      <source>A request that is {current} cannot become {target} (allowed: {allowed})</source>
      <translation>لا يمكن نقل الطلب من الحالة {current} إلى الحالة {target} (المسموح: {allowed})</translation>
    </message>
    <message>
      <source>A resolution of {value} dpi is not usable; use 100 to 600</source>
      <translation>الدقة {value} نقطة/إنش غير صالحة؛ استخدم من 100 إلى 600</translation>
    </message>
    <message>
      <source>A thermal printer prints only on an 80 mm roll; a page of {value} paper would be shrunk onto it until its barcode cannot be read. Choose 80 mm paper or another printer</source>
      <translation>الطابعة الحرارية لا تطبع إلا على لفافة بعرض 80 مم؛ وصفحة بقياس {value} ستُصغَّر عليها حتى يتعذّر قراءة رمزها الشريطي. اختر ورق 80 مم أو طابعة أخرى</translation>
    </message>
    <message>
      <source>A time of day is written HH:MM, from 00:00 to 23:59</source>
      <translation>يُكتب الوقت بالشكل HH:MM، من 00:00 إلى 23:59</translation>
    </message>
    <message>
      <source>A time-out is 30 to 86400 seconds</source>
      <translation>مدة المهلة من 30 إلى 86400 ثانية</translation>
    </message>
    <message>
      <source>A user called {user} already exists</source>
      <translation>يوجد مستخدم باسم {user} مسبقاً</translation>
    </message>
    <message>
      <source>A user name is 2 to 64 Latin letters, digits, dots, dashes or underscores</source>
      <translation>يتكوّن اسم المستخدم من 2 إلى 64 محرفاً من الأحرف اللاتينية أو الأرقام أو النقطة (.) أو الشرطة (-) أو الشرطة السفلية (_)</translation>
    </message>
    <message>
      <source>A waived document needs a reason</source>
      <translation>يجب ذكر سبب الإعفاء من هذه الوثيقة</translation>
    </message>
    <message>
      <source>Accepted by {agency}</source>
      <translation>قيد المعالجة لدى {agency}</translation>
    </message>
    <message>
      <source>Active</source>
      <translation>فعّال</translation>
    </message>
    <message>
      <source>Activity report</source>
      <translation>تقرير النشاط</translation>
    </message>
    <message>
      <source>Acts as</source>
      <translation>يعمل باسم</translation>
    </message>
    <message>
      <source>Add box and print its label</source>
      <translation>إضافة الصندوق وطباعة بطاقته</translation>
    </message>
    <message>
      <source>Agency</source>
      <translation>الجهة</translation>
    </message>
    <message>
      <source>All documents brought (+)</source>
      <translation>كل الوثائق مقدَّمة (+)</translation>
    </message>
    <message>
      <source>Also, depending on {field}:</source>
      <translation>وبحسب {field} أيضاً:</translation>
    </message>
    <message>
      <source>Amount</source>
      <translation>المبلغ</translation>
    </message>
    <message>
      <source>Amount (SYP)</source>
      <translation>المبلغ (ل.س)</translation>
    </message>
    <message>
      <source>An earlier import ({total} rows, started {at}) was interrupted before it finished; import that same file again to finish it before another one</source>
      <translation>توقّف استيراد سابق (عدد الأسطر: {total}، بدأ في {at}) قبل أن يكتمل؛ استورد الملف نفسه مرة أخرى لإكماله قبل أي استيراد آخر</translation>
    </message>
    <message>
      <source>Another import is running; try again when it has finished</source>
      <translation>يجري استيراد آخر الآن؛ أعد المحاولة بعد انتهائه</translation>
    </message>
    <message>
      <source>Another program has the database {path} open (the desktop app or a command). Close it, then encrypt; nothing was changed.</source>
      <translation>برنامج آخر يفتح قاعدة البيانات {path} (تطبيق سطح المكتب أو أمر). أغلقه ثم شفّر؛ لم يتغيّر شيء.</translation>
    </message>
    <message>
      <source>Another program has the database {path} open (the desktop app or a command). Close it, then restore; nothing was changed.</source>
      <translation>قاعدة البيانات {path} مفتوحة في برنامج آخر (تطبيق سطح المكتب أو أمر آخر). أغلقه ثم أعد الاستعادة؛ لم يتغير شيء.</translation>
    </message>
    <message>
      <source>Answer of {agency} on {date}</source>
      <translation>رد {agency} بتاريخ {date}</translation>
    </message>
    <message>
      <source>Answered</source>
      <translation>تاريخ الرد</translation>
    </message>
    <message>
      <source>Arabic</source>
      <translation>العربية</translation>
    </message>
    <message>
      <source>Archive</source>
      <translation>الأرشيف</translation>
    </message>
    <message>
      <source>Archive box</source>
      <translation>صندوق الأرشيف</translation>
    </message>
    <message>
      <source>Archive cover sheet</source>
      <translation>ورقة غلاف الأرشفة</translation>
    </message>
    <message>
      <source>Archive handover</source>
      <translation>التسليم إلى الأرشيف</translation>
    </message>
    <message>
      <source>Arrived</source>
      <translation>وصل</translation>
    </message>
    <message>
      <source>Arrived at</source>
      <translation>وقت الوصول</translation>
    </message>
    <message>
      <source>Asked for information</source>
      <translation>طُلبت لها معلومات</translation>
    </message>
    <message>
      <source>At most {limit} handover batches can be made for one day</source>
      <translation>الحد الأقصى {limit} دفعة تسليم لليوم الواحد</translation>
    </message>
    <message>
      <source>Attached file: {name} ({size} bytes), {where}</source>
      <translation>ملف مرفق: {name} ({size} بايت)، {where}</translation>
    </message>
    <message>
      <source>Attempts</source>
      <translation>المحاولات</translation>
    </message>
    <message>
      <source>Audit log anchored at HQ up to row {seq}.</source>
      <translation>سجل التدقيق مثبَّت لدى الإدارة المركزية حتى القيد {seq}.</translation>
    </message>
    <message>
      <source>Audit log at HQ</source>
      <translation>سجل التدقيق لدى الإدارة المركزية</translation>
    </message>
    <message>
      <source>Audit log cut short: this station reports row {seq}, HQ already holds row {held}. Audit rows were removed from this database; tell HQ.</source>
      <translation>سجل التدقيق مبتور: تُبلغ هذه المحطة عن القيد {seq}، والإدارة المركزية تحتفظ بالقيد {held}. حُذفت قيود تدقيق من قاعدة البيانات هذه؛ أبلغوا الإدارة المركزية.</translation>
    </message>
    <message>
      <source>Audit log rewritten: row {held} here is not the one HQ holds. Tell HQ.</source>
      <translation>سجل التدقيق أُعيدت كتابته: القيد {held} هنا غير القيد الذي تحتفظ به الإدارة المركزية. أبلغوا الإدارة المركزية.</translation>
    </message>
    <message>
      <source>Audit rows verified: {count}</source>
      <translation>قيود سجل التدقيق التي تم التحقق منها: {count}</translation>
    </message>
    <message>
      <source>Back</source>
      <translation>رجوع</translation>
    </message>
    <message>
      <source>Backup written and verified: {path}</source>
      <translation>تم حفظ النسخة الاحتياطية والتحقق منها: {path}</translation>
    </message>
    <message>
      <source>Backups encrypted: {count}</source>
      <translation>النسخ الاحتياطية المشفّرة: {count}</translation>
    </message>
    <message>
      <source>Bank desk</source>
      <translation>كوة المصرف بالمركز</translation>
    </message>
    <message>
      <source>Bank receipt</source>
      <translation>إيصال مصرف</translation>
    </message>
    <message>
      <source>Bank receipt number</source>
      <translation>رقم إيصال المصرف</translation>
    </message>
    <message>
      <source>Barcode</source>
      <translation>الرمز الشريطي</translation>
    </message>
    <message>
      <source>Batch</source>
      <translation>الدفعة</translation>
    </message>
    <message>
      <source>Batch closed: every file was received.</source>
      <translation>أُغلقت الدفعة: وصلت جميع الملفات.</translation>
    </message>
    <message>
      <source>Batch closed: {missing} missing, {extra} extra.</source>
      <translation>أُغلقت الدفعة: {missing} ناقص، {extra} زائد.</translation>
    </message>
    <message numerus="yes">
      <source>Batch {batch} ({state}): {n} files listed, {received} received, {missing} missing, {extra} extra</source>
      <translation>
        <numerusform>الدفعة {batch} ({state}): لا ملفات في القسيمة، وصل {received}، ناقص {missing}، زائد {extra}</numerusform>
        <numerusform>الدفعة {batch} ({state}): ملف واحد في القسيمة، وصل {received}، ناقص {missing}، زائد {extra}</numerusform>
        <numerusform>الدفعة {batch} ({state}): ملفان في القسيمة، وصل {received}، ناقص {missing}، زائد {extra}</numerusform>
        <numerusform>الدفعة {batch} ({state}): {n} ملفات في القسيمة، وصل {received}، ناقص {missing}، زائد {extra}</numerusform>
        <numerusform>الدفعة {batch} ({state}): {n} ملفاً في القسيمة، وصل {received}، ناقص {missing}، زائد {extra}</numerusform>
        <numerusform>الدفعة {batch} ({state}): {n} ملف في القسيمة، وصل {received}، ناقص {missing}، زائد {extra}</numerusform>
      </translation>
    </message>
    <message>
      <source>Batch {batch} from {station}: {state}</source>
      <translation>الدفعة {batch} من {station}: {state}</translation>
    </message>
    <message numerus="yes">
      <source>Batch {batch} with {n} files: print the slip and send it with them.</source>
      <translation>
        <numerusform>الدفعة {batch} ليس فيها ملفات: اطبع القسيمة وأرسلها.</numerusform>
        <numerusform>الدفعة {batch} فيها ملف واحد: اطبع القسيمة وأرسلها معه.</numerusform>
        <numerusform>الدفعة {batch} فيها ملفان: اطبع القسيمة وأرسلها معهما.</numerusform>
        <numerusform>الدفعة {batch} فيها {n} ملفات: اطبع القسيمة وأرسلها معها.</numerusform>
        <numerusform>الدفعة {batch} فيها {n} ملفاً: اطبع القسيمة وأرسلها معها.</numerusform>
        <numerusform>الدفعة {batch} فيها {n} ملف: اطبع القسيمة وأرسلها معها.</numerusform>
      </translation>
    </message>
    <message>
      <source>Became ready</source>
      <translation>أصبحت جاهزة</translation>
    </message>
    <message>
      <source>Black and white</source>
      <translation>أبيض وأسود</translation>
    </message>
    <message>
      <source>Box</source>
      <translation>الصندوق</translation>
    </message>
    <message>
      <source>Box code</source>
      <translation>رمز الصندوق</translation>
    </message>
    <message>
      <source>Box code (scan its label)</source>
      <translation>رمز الصندوق (امسح بطاقته)</translation>
    </message>
    <message>
      <source>Box {box} added on shelf {shelf}.</source>
      <translation>أُضيف الصندوق {box} على الرف {shelf}.</translation>
    </message>
    <message>
      <source>Box {box} already exists (shelf {shelf})</source>
      <translation>الصندوق {box} موجود مسبقاً (الرف {shelf})</translation>
    </message>
    <message numerus="yes">
      <source>Box {box} on shelf {shelf}: {n} files</source>
      <translation>
        <numerusform>الصندوق {box} على الرف {shelf}: لا ملفات</numerusform>
        <numerusform>الصندوق {box} على الرف {shelf}: ملف واحد</numerusform>
        <numerusform>الصندوق {box} على الرف {shelf}: ملفان</numerusform>
        <numerusform>الصندوق {box} على الرف {shelf}: {n} ملفات</numerusform>
        <numerusform>الصندوق {box} على الرف {shelf}: {n} ملفاً</numerusform>
        <numerusform>الصندوق {box} على الرف {shelf}: {n} ملف</numerusform>
      </translation>
    </message>
    <message>
      <source>Boxes and shelves</source>
      <translation>الصناديق والرفوف</translation>
    </message>
    <message>
      <source>Bring these documents</source>
      <translation>أحضر الوثائق التالية</translation>
    </message>
    <message>
      <source>Buckets</source>
      <translation>التقسيم الزمني</translation>
    </message>
    <message>
      <source>By</source>
      <translation>بواسطة</translation>
    </message>
    <message>
      <source>By day</source>
      <translation>حسب اليوم</translation>
    </message>
    <message>
      <source>By month</source>
      <translation>حسب الشهر</translation>
    </message>
    <message>
      <source>By week</source>
      <translation>حسب الأسبوع</translation>
    </message>
    <message>
      <source>COPY no. {count} — not the original</source>
      <translation>نسخة رقم {count} — ليست الأصل</translation>
    </message>
    <message>
      <source>CSV files (*.csv)</source>
      <translation>ملفات CSV (*.csv)</translation>
    </message>
    <message>
      <source>Call list</source>
      <translation>قائمة الاتصال</translation>
    </message>
    <message>
      <source>Called</source>
      <translation>تم الاتصال</translation>
    </message>
    <message>
      <source>Called at</source>
      <translation>وقت الاتصال</translation>
    </message>
    <message>
      <source>Calls</source>
      <translation>عدد الاتصالات</translation>
    </message>
    <message>
      <source>Calls and messages</source>
      <translation>الاتصالات والرسائل</translation>
    </message>
    <message>
      <source>Calls to make</source>
      <translation>اتصالات مطلوبة</translation>
    </message>
    <message>
      <source>Calls: {calls}</source>
      <translation>الاتصالات: {calls}</translation>
    </message>
    <message>
      <source>Cancel the request</source>
      <translation>إلغاء الطلب</translation>
    </message>
    <message>
      <source>Cannot copy the backup {path} into place: {detail}. Nothing was changed.</source>
      <translation>تعذّر نسخ النسخة الاحتياطية {path} إلى مكانها: {detail}. لم يتغيّر شيء.</translation>
    </message>
    <message>
      <source>Cannot create the backup folder {path}: {detail}</source>
      <translation>تعذّر إنشاء مجلد النسخ الاحتياطية {path}: {detail}</translation>
    </message>
    <message>
      <source>Cannot create the data folder {path}: {detail}</source>
      <translation>تعذّر إنشاء مجلد البيانات {path}: {detail}</translation>
    </message>
    <message>
      <source>Cannot keep the station's credentials in the system keyring: {detail}</source>
      <translation>تعذّر حفظ بيانات اعتماد محطة العمل في حافظة النظام: {detail}</translation>
    </message>
    <message>
      <source>Cannot read the station's credentials from the system keyring: {detail}</source>
      <translation>تعذّرت قراءة بيانات اعتماد محطة العمل من حافظة النظام: {detail}</translation>
    </message>
    <message>
      <source>Cannot read {path}: {detail}</source>
      <translation>تعذّرت قراءة {path}: {detail}</translation>
    </message>
    <message>
      <source>Cannot write the backup to {path}: {detail}</source>
      <translation>تعذّرت كتابة النسخة الاحتياطية في {path}: {detail}</translation>
    </message>
    <message>
      <source>Cannot write {path}: {detail}</source>
      <translation>تعذّرت كتابة {path}: {detail}</translation>
    </message>
    <message>
      <source>Cash of the day</source>
      <translation>صندوق اليوم</translation>
    </message>
    <message>
      <source>Cash report of {day}</source>
      <translation>كشف الصندوق ليوم {day}</translation>
    </message>
    <message>
      <source>Cash report written to {path}</source>
      <translation>كُتب كشف الصندوق في {path}</translation>
    </message>
    <message>
      <source>Cash sheet saved: {path}</source>
      <translation>حُفظ كشف الصندوق: {path}</translation>
    </message>
    <message>
      <source>Catalog version</source>
      <translation>إصدار دليل الخدمات</translation>
    </message>
    <message>
      <source>Catalog version {new} is already installed with different content; a changed catalog needs a new version</source>
      <translation>الإصدار {new} من دليل الخدمات مثبّت مسبقاً بمحتوى مختلف؛ أي تعديل على الدليل يتطلب رقم إصدار جديداً</translation>
    </message>
    <message>
      <source>Catalog version {new} is older than the installed version {old}</source>
      <translation>إصدار دليل الخدمات {new} أقدم من الإصدار المثبّت {old}</translation>
    </message>
    <message>
      <source>Catalog version {version}</source>
      <translation>إصدار دليل الخدمات {version}</translation>
    </message>
    <message numerus="yes">
      <source>Catalog {version} installed ({n} services).</source>
      <translation>
        <numerusform>ثُبّت دليل الخدمات {version} (لا خدمات).</numerusform>
        <numerusform>ثُبّت دليل الخدمات {version} (خدمة واحدة).</numerusform>
        <numerusform>ثُبّت دليل الخدمات {version} (خدمتان).</numerusform>
        <numerusform>ثُبّت دليل الخدمات {version} ({n} خدمات).</numerusform>
        <numerusform>ثُبّت دليل الخدمات {version} ({n} خدمةً).</numerusform>
        <numerusform>ثُبّت دليل الخدمات {version} ({n} خدمة).</numerusform>
      </translation>
    </message>
    <message>
      <source>Catalog {version} is already installed.</source>
      <translation>دليل الخدمات {version} مثبّت مسبقاً.</translation>
    </message>
    <message>
      <source>Category</source>
      <translation>الفئة</translation>
    </message>
    <message>
      <source>Center</source>
      <translation>المركز</translation>
    </message>
    <message>
      <source>Center code {code}</source>
      <translation>رمز المركز {code}</translation>
    </message>
    <message>
      <source>Center {center} lists service {code} more than once</source>
      <translation>المركز {center} يذكر الخدمة {code} أكثر من مرة</translation>
    </message>
    <message>
      <source>Center {center} offers unknown service {code}</source>
      <translation>المركز {center} يقدم خدمة غير معروفة {code}</translation>
    </message>
    <message>
      <source>Charts</source>
      <translation>المخططات</translation>
    </message>
    <message>
      <source>Choice</source>
      <translation>اختيار من قائمة</translation>
    </message>
    <message>
      <source>Choices</source>
      <translation>الخيارات</translation>
    </message>
    <message>
      <source>Choose a period…</source>
      <translation>اختر فترة…</translation>
    </message>
    <message>
      <source>Choose what was done with this document</source>
      <translation>اختر ما تم بهذه الوثيقة</translation>
    </message>
    <message>
      <source>Citizen</source>
      <translation>المواطن</translation>
    </message>
    <message>
      <source>Citizen Service Center</source>
      <translation>مركز خدمة المواطن</translation>
    </message>
    <message>
      <source>Citizen Service Center — sign in</source>
      <translation>مركز خدمة المواطن — تسجيل الدخول</translation>
    </message>
    <message>
      <source>Clerk</source>
      <translation>الموظف</translation>
    </message>
    <message>
      <source>Clock difference to HQ (s)</source>
      <translation>فرق الساعة عن الإدارة المركزية (ثانية)</translation>
    </message>
    <message>
      <source>Close batch</source>
      <translation>إغلاق الدفعة</translation>
    </message>
    <message>
      <source>Closed</source>
      <translation>مغلقة</translation>
    </message>
    <message>
      <source>Code</source>
      <translation>الرمز</translation>
    </message>
    <message>
      <source>Collected</source>
      <translation>تم الاستلام</translation>
    </message>
    <message>
      <source>Colour</source>
      <translation>الألوان</translation>
    </message>
    <message>
      <source>Complaint services</source>
      <translation>خدمات الشكاوى</translation>
    </message>
    <message>
      <source>Complaint type</source>
      <translation>نوع الشكوى</translation>
    </message>
    <message>
      <source>Complaints</source>
      <translation>الشكاوى</translation>
    </message>
    <message>
      <source>Complaints answered</source>
      <translation>الشكاوى المجاب عليها</translation>
    </message>
    <message>
      <source>Complaints open</source>
      <translation>الشكاوى المفتوحة</translation>
    </message>
    <message>
      <source>Complaints received</source>
      <translation>الشكاوى المستلمة</translation>
    </message>
    <message>
      <source>Completed on time</source>
      <translation>أُنجزت في الموعد</translation>
    </message>
    <message>
      <source>Computing the report…</source>
      <translation>جارٍ حساب التقرير…</translation>
    </message>
    <message>
      <source>Confirm</source>
      <translation>تأكيد</translation>
    </message>
    <message>
      <source>Copy</source>
      <translation>النسخة</translation>
    </message>
    <message>
      <source>Counter</source>
      <translation>الكوّة</translation>
    </message>
    <message>
      <source>Counter / ticket</source>
      <translation>الكوة / رقم الدور</translation>
    </message>
    <message>
      <source>Counting the day's payments…</source>
      <translation>جارٍ عدّ دفعات اليوم…</translation>
    </message>
    <message>
      <source>Cover sheet {code} is of a request this station does not have; its pages wait in the unfiled queue</source>
      <translation>ورقة الغلاف {code} لطلب غير موجود في هذه المحطة؛ صفحاتها تنتظر في قائمة الصفحات غير المُلحقة</translation>
    </message>
    <message>
      <source>Cover sheet, receipt or register number</source>
      <translation>ورقة الغلاف أو رقم الإيصال أو رقم الديوان</translation>
    </message>
    <message>
      <source>Created</source>
      <translation>تاريخ الإنشاء</translation>
    </message>
    <message>
      <source>Credentials kept in</source>
      <translation>مكان حفظ بيانات الاعتماد</translation>
    </message>
    <message>
      <source>Daily backup written and verified: {path} ({n} older removed)</source>
      <translation>كُتبت النسخة الاحتياطية اليومية وتُحقّق منها: {path} (حُذف الأقدم: {n})</translation>
    </message>
    <message>
      <source>Dashboard</source>
      <translation>لوحة المتابعة</translation>
    </message>
    <message>
      <source>Database</source>
      <translation>قاعدة البيانات</translation>
    </message>
    <message>
      <source>Database check FAILED.</source>
      <translation>فشل فحص قاعدة البيانات.</translation>
    </message>
    <message>
      <source>Database check passed.</source>
      <translation>نجح فحص قاعدة البيانات.</translation>
    </message>
    <message>
      <source>Database damaged since</source>
      <translation>قاعدة البيانات تالفة منذ</translation>
    </message>
    <message>
      <source>Database encryption</source>
      <translation>تشفير قاعدة البيانات</translation>
    </message>
    <message>
      <source>Database upgraded; backup first written to {path}</source>
      <translation>تمت ترقية قاعدة البيانات، بعد حفظ نسخة احتياطية في {path}</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>التاريخ</translation>
    </message>
    <message>
      <source>Day</source>
      <translation>اليوم</translation>
    </message>
    <message>
      <source>Default</source>
      <translation>الافتراضية</translation>
    </message>
    <message>
      <source>Delivered to the citizen</source>
      <translation>المسلَّمة للمواطن</translation>
    </message>
    <message>
      <source>Delivered today</source>
      <translation>المسلَّمة اليوم</translation>
    </message>
    <message>
      <source>Detail</source>
      <translation>التفاصيل</translation>
    </message>
    <message>
      <source>Details</source>
      <translation>تفاصيل</translation>
    </message>
    <message>
      <source>Diwan register</source>
      <translation>سجل الديوان</translation>
    </message>
    <message>
      <source>Document</source>
      <translation>الوثيقة</translation>
    </message>
    <message>
      <source>Document code (empty: chosen as filing would)</source>
      <translation>رمز الوثيقة (فارغ: يُختار كما في الإلحاق الآلي)</translation>
    </message>
    <message>
      <source>Document {doc} is asked for only once {field} is chosen</source>
      <translation>الوثيقة {doc} لا تُطلب إلا بعد اختيار {field}</translation>
    </message>
    <message>
      <source>Document {doc} is not asked for when {field} is {value}</source>
      <translation>الوثيقة {doc} غير مطلوبة عندما يكون {field} هو {value}</translation>
    </message>
    <message>
      <source>Document {doc} is not in the checklist of {ref}; use one of: {allowed}</source>
      <translation>الوثيقة {doc} ليست في قائمة وثائق {ref}؛ استخدم إحدى: {allowed}</translation>
    </message>
    <message>
      <source>Document {doc} is not part of service {service}</source>
      <translation>الوثيقة {doc} ليست من وثائق الخدمة {service}</translation>
    </message>
    <message>
      <source>Document {doc} is required ({requirement}) but is {state}</source>
      <translation>الوثيقة {doc} مطلوبة ({requirement}) لكن حالتها {state}</translation>
    </message>
    <message>
      <source>Document {doc} is waived without a reason</source>
      <translation>تم الإعفاء من الوثيقة {doc} دون ذكر السبب</translation>
    </message>
    <message>
      <source>Documents</source>
      <translation>الوثائق</translation>
    </message>
    <message>
      <source>Documents received</source>
      <translation>الوثائق المستلمة</translation>
    </message>
    <message>
      <source>Done late</source>
      <translation>أُنجزت متأخرة</translation>
    </message>
    <message>
      <source>Done on time</source>
      <translation>أُنجزت في الموعد</translation>
    </message>
    <message>
      <source>Due</source>
      <translation>الاستحقاق</translation>
    </message>
    <message>
      <source>Due date</source>
      <translation>موعد الإنجاز</translation>
    </message>
    <message>
      <source>Due soon</source>
      <translation>يستحق قريباً</translation>
    </message>
    <message>
      <source>Due within must be 0 to {limit} working days</source>
      <translation>مهلة الاستحقاق القريب من 0 إلى {limit} يوم عمل</translation>
    </message>
    <message numerus="yes">
      <source>Due within {n} working days</source>
      <translation>
        <numerusform>تستحق خلال {n} أيام عمل</numerusform>
        <numerusform>تستحق خلال يوم عمل واحد</numerusform>
        <numerusform>تستحق خلال يومَي عمل</numerusform>
        <numerusform>تستحق خلال {n} أيام عمل</numerusform>
        <numerusform>تستحق خلال {n} يوم عمل</numerusform>
        <numerusform>تستحق خلال {n} يوم عمل</numerusform>
      </translation>
    </message>
    <message>
      <source>Duplex</source>
      <translation>الوجهان</translation>
    </message>
    <message>
      <source>Duplicate {what} code: {code}</source>
      <translation>رمز مكرر ({what}): {code}</translation>
    </message>
    <message>
      <source>Empty: no hot folder</source>
      <translation>فارغ: لا يوجد مجلد مراقَب</translation>
    </message>
    <message>
      <source>Encrypting {path} stopped ({detail}). The unencrypted database is unchanged and still in use; the partial copy was removed.</source>
      <translation>توقّف تشفير {path} ({detail}). قاعدة البيانات غير المشفّرة لم تتغيّر وما زالت قيد الاستخدام؛ وحُذفت النسخة الجزئية.</translation>
    </message>
    <message>
      <source>Encryption was asked for (--encryption on) but this computer's credential store cannot keep the key ({detail}). Nothing was set up.</source>
      <translation>طُلب التشفير (--encryption on) لكن مخزن بيانات الاعتماد في هذا الحاسوب لا يستطيع حفظ المفتاح ({detail}). لم يُجهَّز شيء.</translation>
    </message>
    <message>
      <source>English</source>
      <translation>الإنكليزية</translation>
    </message>
    <message>
      <source>Enter the number of the bank's receipt</source>
      <translation>أدخل رقم إيصال المصرف</translation>
    </message>
    <message>
      <source>Entered at</source>
      <translation>وقت الإدخال</translation>
    </message>
    <message>
      <source>Error</source>
      <translation>خطأ</translation>
    </message>
    <message>
      <source>Every service of the catalog, whichever center offers it.</source>
      <translation>كل خدمات الدليل، أياً كان المركز الذي يقدمها.</translation>
    </message>
    <message>
      <source>Excel workbooks (*.xlsx)</source>
      <translation>مصنفات Excel (*.xlsx)</translation>
    </message>
    <message>
      <source>Expected</source>
      <translation>منتظر</translation>
    </message>
    <message>
      <source>Export the report</source>
      <translation>تصدير التقرير</translation>
    </message>
    <message>
      <source>Export {format}</source>
      <translation>تصدير {format}</translation>
    </message>
    <message>
      <source>Extra</source>
      <translation>زائد</translation>
    </message>
    <message>
      <source>Extra (not on the slip)</source>
      <translation>زائد (ليس في القسيمة)</translation>
    </message>
    <message>
      <source>Failed print jobs</source>
      <translation>طباعات فاشلة</translation>
    </message>
    <message>
      <source>Fee</source>
      <translation>الرسم</translation>
    </message>
    <message>
      <source>Fee (SYP)</source>
      <translation>الرسم (ل.س)</translation>
    </message>
    <message>
      <source>Fee of request {receipt} recorded: {amount} SYP, {how}</source>
      <translation>سُجّل رسم الطلب {receipt}: {amount} ل.س، {how}</translation>
    </message>
    <message>
      <source>Feeder</source>
      <translation>وحدة التغذية</translation>
    </message>
    <message>
      <source>Feeder, both sides</source>
      <translation>وحدة التغذية، الوجهان</translation>
    </message>
    <message>
      <source>File</source>
      <translation>الملف</translation>
    </message>
    <message>
      <source>File the selected pages</source>
      <translation>إلحاق الصفحات المحددة</translation>
    </message>
    <message>
      <source>File {receipt} is already in box {box}</source>
      <translation>الملف {receipt} موجود في الصندوق {box} أصلاً</translation>
    </message>
    <message>
      <source>File {receipt} is in box {box} (shelf {shelf}).</source>
      <translation>الملف {receipt} في الصندوق {box} (الرف {shelf}).</translation>
    </message>
    <message>
      <source>File {receipt} was already received in batch {batch}</source>
      <translation>الملف {receipt} استُلم من قبل في الدفعة {batch}</translation>
    </message>
    <message>
      <source>File {receipt} was scanned twice</source>
      <translation>مُسح الملف {receipt} مرتين</translation>
    </message>
    <message>
      <source>Filed</source>
      <translation>أُلحقت</translation>
    </message>
    <message>
      <source>Filed on</source>
      <translation>تاريخ الإلحاق</translation>
    </message>
    <message>
      <source>Filed under</source>
      <translation>أُلحقت بالطلب</translation>
    </message>
    <message>
      <source>Files</source>
      <translation>عدد الملفات</translation>
    </message>
    <message>
      <source>Files are missing or extra</source>
      <translation>ملفات ناقصة أو زائدة</translation>
    </message>
    <message>
      <source>Files dropped there are filed while the program runs.</source>
      <translation>تُلحق الملفات الموضوعة فيه ما دام البرنامج يعمل.</translation>
    </message>
    <message>
      <source>Files encrypted: {count}</source>
      <translation>الملفات المشفّرة: {count}</translation>
    </message>
    <message>
      <source>Filing the scanned pages…</source>
      <translation>جارٍ إلحاق الصفحات الممسوحة…</translation>
    </message>
    <message>
      <source>Filled in from the citizen's earlier request {receipt}; check it is current</source>
      <translation>عُبّئ من طلب سابق للمواطن {receipt}؛ تأكد من أنه ما زال صحيحاً</translation>
    </message>
    <message>
      <source>Find a request</source>
      <translation>البحث عن طلب</translation>
    </message>
    <message>
      <source>Find a service: name, code or agency</source>
      <translation>ابحث عن خدمة: الاسم أو الرمز أو الجهة</translation>
    </message>
    <message>
      <source>Find scanners</source>
      <translation>البحث عن الماسحات</translation>
    </message>
    <message>
      <source>First admin account: {user}</source>
      <translation>حساب مدير النظام الأول: {user}</translation>
    </message>
    <message>
      <source>Flatbed</source>
      <translation>الزجاج المسطح</translation>
    </message>
    <message>
      <source>Forwarded to the agency</source>
      <translation>المحالة إلى الجهة</translation>
    </message>
    <message>
      <source>Forwarded to {agency}</source>
      <translation>أُحيل إلى {agency}</translation>
    </message>
    <message>
      <source>Friday</source>
      <translation>الجمعة</translation>
    </message>
    <message>
      <source>From</source>
      <translation>المصدر</translation>
    </message>
    <message>
      <source>From HQ</source>
      <translation>من الإدارة المركزية</translation>
    </message>
    <message>
      <source>From {start} to {end}</source>
      <translation>من {start} إلى {end}</translation>
    </message>
    <message>
      <source>Full name</source>
      <translation>الاسم الكامل</translation>
    </message>
    <message>
      <source>General</source>
      <translation>عام</translation>
    </message>
    <message>
      <source>Generated at</source>
      <translation>تاريخ الإعداد</translation>
    </message>
    <message>
      <source>Give --from and --to, or --period</source>
      <translation>أعطِ ‎--from و‎--to، أو ‎--period</translation>
    </message>
    <message>
      <source>Give either --period or --from and --to, not both</source>
      <translation>أعطِ إما ‎--period أو ‎--from و‎--to، لا كليهما</translation>
    </message>
    <message>
      <source>Give the amount paid with {option}</source>
      <translation>أدخل المبلغ المدفوع مع {option}</translation>
    </message>
    <message>
      <source>Go to</source>
      <translation>التوجه إلى</translation>
    </message>
    <message>
      <source>Grey</source>
      <translation>تدرّج رمادي</translation>
    </message>
    <message>
      <source>Grouped by</source>
      <translation>التجميع حسب</translation>
    </message>
    <message>
      <source>HQ</source>
      <translation>الإدارة المركزية</translation>
    </message>
    <message>
      <source>HQ already holds this receipt number for another request</source>
      <translation>لدى الإدارة المركزية رقم الإيصال هذا لطلب آخر</translation>
    </message>
    <message>
      <source>HQ cannot be reached securely; the server at this address does not speak https (check the address and port)</source>
      <translation>تعذّر الوصول الآمن إلى الإدارة المركزية؛ الخادم على هذا العنوان لا يتكلّم https (تحقّق من العنوان والمنفذ)</translation>
    </message>
    <message>
      <source>HQ cannot be reached; check the network</source>
      <translation>تعذّر الوصول إلى الإدارة المركزية؛ تحقّق من الشبكة</translation>
    </message>
    <message>
      <source>HQ cannot be reached; it did not answer in time (it is tried again)</source>
      <translation>تعذّر الوصول إلى الإدارة المركزية؛ لم تُجب في الوقت المحدد (ستُعاد المحاولة)</translation>
    </message>
    <message>
      <source>HQ cannot be reached; its server's name is not found (check the address)</source>
      <translation>تعذّر الوصول إلى الإدارة المركزية؛ لم يُعثر على اسم خادمها (تحقّق من العنوان)</translation>
    </message>
    <message>
      <source>HQ cannot be reached; nothing answers at its address (is HQ's server running, is the address right?)</source>
      <translation>تعذّر الوصول إلى الإدارة المركزية؛ لا شيء يجيب على عنوانها (هل خادم الإدارة المركزية يعمل، وهل العنوان صحيح؟)</translation>
    </message>
    <message>
      <source>HQ cannot be reached; the connection broke off (it is tried again)</source>
      <translation>تعذّر الوصول إلى الإدارة المركزية؛ انقطع الاتصال (ستُعاد المحاولة)</translation>
    </message>
    <message>
      <source>HQ cannot be reached; the secure connection failed (check this station's date and time and HQ's address and certificate)</source>
      <translation>تعذّر الوصول إلى الإدارة المركزية؛ فشل الاتصال الآمن (تحقّق من تاريخ هذه المحطة ووقتها، ومن عنوان الإدارة المركزية وشهادتها)</translation>
    </message>
    <message>
      <source>HQ cannot be reached; there is no network route to it (check the connection)</source>
      <translation>تعذّر الوصول إلى الإدارة المركزية؛ لا يوجد مسار في الشبكة إليها (تحقّق من الاتصال)</translation>
    </message>
    <message>
      <source>HQ cannot say what it lacks (an older HQ): nothing was sent again.</source>
      <translation>لا تستطيع الإدارة المركزية أن تبيّن ما ينقصها (إصدار أقدم): لم يُرسل شيء من جديد.</translation>
    </message>
    <message>
      <source>HQ does not accept this station's credentials; enroll the station again</source>
      <translation>لا تقبل الإدارة المركزية بيانات اعتماد هذه المحطة؛ سجّل المحطة من جديد</translation>
    </message>
    <message>
      <source>HQ does not allow this station to do that</source>
      <translation>لا تسمح الإدارة المركزية لهذه المحطة بهذا الإجراء</translation>
    </message>
    <message>
      <source>HQ does not keep audit tips: the audit log is not anchored.</source>
      <translation>لا تحتفظ الإدارة المركزية بآخر قيود التدقيق: سجل التدقيق غير مثبَّت لديها.</translation>
    </message>
    <message>
      <source>HQ has flagged this station's audit log (rows removed or rewritten); an operator at HQ must look into it.</source>
      <translation>وضعت الإدارة المركزية إشارة على سجل تدقيق هذه المحطة (قيود محذوفة أو أُعيدت كتابتها)؛ على مسؤول في الإدارة المركزية أن يراجعه.</translation>
    </message>
    <message numerus="yes">
      <source>HQ has {hq} of {n} for {day}</source>
      <translation>
        <numerusform>يوم {day}: لا طلبات في هذه المحطة، ولدى الإدارة المركزية {hq}</numerusform>
        <numerusform>يوم {day}: لدى الإدارة المركزية {hq} من أصل طلب واحد</numerusform>
        <numerusform>يوم {day}: لدى الإدارة المركزية {hq} من أصل طلبين</numerusform>
        <numerusform>يوم {day}: لدى الإدارة المركزية {hq} من أصل {n} طلبات</numerusform>
        <numerusform>يوم {day}: لدى الإدارة المركزية {hq} من أصل {n} طلباً</numerusform>
        <numerusform>يوم {day}: لدى الإدارة المركزية {hq} من أصل {n} طلب</numerusform>
      </translation>
    </message>
    <message>
      <source>HQ is busy or had a fault (it is tried again)</source>
      <translation>الإدارة المركزية مشغولة أو حدث لديها عطل (ستُعاد المحاولة)</translation>
    </message>
    <message>
      <source>HQ issued this code for another station; ask HQ for a code for this one</source>
      <translation>أصدرت الإدارة المركزية هذا الرمز لمحطة أخرى؛ اطلب منها رمزًا لهذه المحطة</translation>
    </message>
    <message>
      <source>HQ issued this code for station {theirs}, but this is station {ours}; ask HQ for a code for {ours}</source>
      <translation>أصدرت الإدارة المركزية هذا الرمز لمحطة العمل {theirs}، وهذه محطة العمل {ours}؛ اطلب رمزاً لمحطة العمل {ours}</translation>
    </message>
    <message>
      <source>HQ lacked items this station had sent (restored from a backup?); sent again: {kinds}</source>
      <translation>لم تكن لدى الإدارة المركزية عناصر أرسلتها هذه المحطة (استُعيدت من نسخة احتياطية؟)؛ أُرسلت من جديد: {kinds}</translation>
    </message>
    <message>
      <source>HQ refused a batch as too large</source>
      <translation>رفضت الإدارة المركزية دفعة لأنها كبيرة جداً</translation>
    </message>
    <message>
      <source>HQ refused the enrollment code (unknown, used or expired); ask HQ for a new code</source>
      <translation>رفضت الإدارة المركزية رمز التسجيل (غير معروف أو مستخدَم أو منتهي الصلاحية)؛ اطلب رمزاً جديداً من الإدارة المركزية</translation>
    </message>
    <message>
      <source>HQ refused the request</source>
      <translation>رفضت الإدارة المركزية الطلب</translation>
    </message>
    <message>
      <source>HQ sent a change of a kind this station does not know ({kind}); it was kept, not applied: update this station's program</source>
      <translation>أرسلت الإدارة المركزية تغييراً من نوع لا تعرفه هذه المحطة ({kind})؛ حُفظ ولم يُطبَّق: حدِّثوا برنامج هذه المحطة</translation>
    </message>
    <message>
      <source>HQ speaks another version of the sync protocol; update this station's software</source>
      <translation>تعمل الإدارة المركزية بإصدار آخر من بروتوكول المزامنة؛ حدّث برنامج هذه المحطة</translation>
    </message>
    <message>
      <source>HQ will not enroll this database under this station number, it is not the one HQ last saw (a new PC, or an older copy). Ask HQ for a code under a new station number (counter-hq station code CENTER --replaces CENTER-NN)</source>
      <translation>لن تسجل الإدارة المركزية قاعدة البيانات هذه برقم المحطة هذا، فليست هي التي رأتها الإدارة آخر مرة (حاسوب جديد أو نسخة أقدم). اطلب من الإدارة المركزية رمزًا برقم محطة جديد (counter-hq station code CENTER --replaces CENTER-NN)</translation>
    </message>
    <message>
      <source>HQ will not enroll this database under this station number, which is retired. Ask HQ for a code under a new station number (counter-hq station code CENTER --replaces CENTER-NN)</source>
      <translation>لن تسجل الإدارة المركزية قاعدة البيانات هذه برقم المحطة هذا، فهو موقوف نهائيًا. اطلب من الإدارة المركزية رمزًا برقم محطة جديد (counter-hq station code CENTER --replaces CENTER-NN)</translation>
    </message>
    <message>
      <source>HQ's answer could not be read (it is tried again)</source>
      <translation>تعذّرت قراءة ردّ الإدارة المركزية (ستُعاد المحاولة)</translation>
    </message>
    <message>
      <source>HQ's catalog update carries no catalog</source>
      <translation>تحديث دليل الخدمات الوارد من الإدارة المركزية لا يحمل دليلاً</translation>
    </message>
    <message>
      <source>HQ's certificate has expired or is not valid yet; check this station's date and time, otherwise HQ must renew its certificate</source>
      <translation>انتهت صلاحية شهادة الإدارة المركزية أو لم تبدأ بعد؛ تحقّق من تاريخ هذه المحطة ووقتها، وإلا فعلى الإدارة المركزية تجديد شهادتها</translation>
    </message>
    <message>
      <source>HQ's certificate is not made out for the address this station uses; check HQ's address (it must be a name or address written in HQ's certificate)</source>
      <translation>شهادة الإدارة المركزية ليست صادرة للعنوان الذي تستعمله هذه المحطة؛ تحقّق من عنوان الإدارة المركزية (يجب أن يكون اسماً أو عنواناً مكتوباً في شهادتها)</translation>
    </message>
    <message>
      <source>HQ's certificate is not signed by an authority this station trusts; if HQ uses the ministry's own certificate authority, enroll again with --ca-file and its file</source>
      <translation>شهادة الإدارة المركزية غير موقّعة من جهة تصديق تثق بها هذه المحطة؛ إن كانت الإدارة المركزية تستعمل جهة التصديق الخاصة بالوزارة فأعد التسجيل مع --ca-file وملفها</translation>
    </message>
    <message>
      <source>HQ's change carries a time that cannot be read: {time}</source>
      <translation>يحمل تغيير الإدارة المركزية وقتاً لا يمكن قراءته: {time}</translation>
    </message>
    <message>
      <source>HQ's change feed was reset</source>
      <translation>أُعيد ضبط سجل تغييرات الإدارة المركزية</translation>
    </message>
    <message>
      <source>HQ's change is not in the form this station reads: {where}</source>
      <translation>تغيير الإدارة المركزية ليس بالشكل الذي تقرؤه هذه المحطة: {where}</translation>
    </message>
    <message>
      <source>HQ's changes do not go on from this station's cursor {cursor} (HQ restored from a backup?): the cursor was reset and HQ's changes pulled again. Status steps HQ made after its backup are now held only by this station; tell HQ.</source>
      <translation>لا تتابع تغييرات الإدارة المركزية من حيث يقف مؤشر هذه المحطة {cursor} (هل استُعيدت الإدارة المركزية من نسخة احتياطية؟): أُعيد ضبط المؤشر وجُلبت تغييرات الإدارة المركزية من جديد. تغييرات الحالة التي أجرتها الإدارة المركزية بعد نسختها الاحتياطية أصبحت محفوظة لدى هذه المحطة وحدها؛ أبلغوا الإدارة المركزية.</translation>
    </message>
    <message>
      <source>HQ's complaint answer carries no identifier</source>
      <translation>رد الشكوى من المركز الرئيسي لا يحمل معرّفًا</translation>
    </message>
    <message>
      <source>HQ's complaint answer for {ref} carries no text</source>
      <translation>رد الشكوى من المركز الرئيسي للطلب {ref} لا يحمل نصًا</translation>
    </message>
    <message>
      <source>HQ's holiday calendar update carries no calendar</source>
      <translation>تحديث تقويم العطل من المركز الرئيسي لا يحمل تقويمًا</translation>
    </message>
    <message>
      <source>HQ's holiday calendar {version} is not a readable calendar file</source>
      <translation>تقويم العطل {version} من المركز الرئيسي ليس ملف تقويم مقروءًا</translation>
    </message>
    <message>
      <source>HQ's holiday calendar {version} is not newer than the one this station holds ({held}); it was not installed</source>
      <translation>تقويم العطل {version} من المركز الرئيسي ليس أحدث من التقويم الموجود في هذه المحطة ({held})؛ لم يُثبَّت</translation>
    </message>
    <message>
      <source>HQ's message report carries no identifier</source>
      <translation>تقرير الإدارة المركزية عن الرسالة النصية لا يحمل معرّفاً</translation>
    </message>
    <message>
      <source>HQ's message report for {ref} says {value}, which this station does not know</source>
      <translation>تقرير الإدارة المركزية عن الرسالة النصية للطلب {ref} يذكر {value}، وهذا لا تعرفه هذه المحطة</translation>
    </message>
    <message>
      <source>HQ's own status change, returned to HQ</source>
      <translation>تغيير حالة صادر عن الإدارة المركزية، أُعيد إليها</translation>
    </message>
    <message>
      <source>HQ's own status changes returned to HQ: {count}</source>
      <translation>تغييرات الحالة الصادرة عن الإدارة المركزية والمعادة إليها: {count}</translation>
    </message>
    <message>
      <source>HQ's own status changes that HQ lacks and this station cannot return (pulled before HQ signed them): {count}; tell HQ.</source>
      <translation>تغييرات حالة صادرة عن الإدارة المركزية تفتقدها ولا تستطيع هذه المحطة إعادتها (سُحبت قبل أن توقّعها الإدارة المركزية): {count}؛ أبلغوا الإدارة المركزية.</translation>
    </message>
    <message>
      <source>HQ's release information was refused</source>
      <translation>رُفضت معلومات الإصدار الواردة من الإدارة المركزية</translation>
    </message>
    <message>
      <source>HQ's status change carries no identifier</source>
      <translation>تغيير الحالة الوارد من الإدارة المركزية لا يحمل معرّفاً</translation>
    </message>
    <message>
      <source>HQ's status change names a status this station does not know: {status}</source>
      <translation>يذكر تغيير الحالة الوارد من الإدارة المركزية حالةً لا تعرفها هذه المحطة: {status}</translation>
    </message>
    <message>
      <source>Hand over</source>
      <translation>تسليم</translation>
    </message>
    <message>
      <source>Handed over by</source>
      <translation>سلّمها</translation>
    </message>
    <message>
      <source>Handover batch {batch} is already closed</source>
      <translation>دفعة التسليم {batch} مغلقة أصلاً</translation>
    </message>
    <message>
      <source>Handover batch {batch} is closed; nothing more can be received in it</source>
      <translation>دفعة التسليم {batch} مغلقة؛ لا يمكن استلام المزيد فيها</translation>
    </message>
    <message>
      <source>Handover slip</source>
      <translation>قسيمة تسليم</translation>
    </message>
    <message>
      <source>Handover slip to the archive</source>
      <translation>قسيمة تسليم إلى قسم الأرشفة</translation>
    </message>
    <message>
      <source>Head of center: ____________________   Signature: ______________   Date: ______________</source>
      <translation>رئيس المركز: ____________________   التوقيع: ______________   التاريخ: ______________</translation>
    </message>
    <message>
      <source>Head of the center</source>
      <translation>رئيس المركز</translation>
    </message>
    <message>
      <source>History</source>
      <translation>سجل الحالات</translation>
    </message>
    <message>
      <source>Hot folder of the network scanner</source>
      <translation>المجلد المراقَب للماسح الشبكي</translation>
    </message>
    <message>
      <source>Import files…</source>
      <translation>استيراد ملفات…</translation>
    </message>
    <message>
      <source>Import scanned files</source>
      <translation>استيراد ملفات ممسوحة</translation>
    </message>
    <message>
      <source>Imported at</source>
      <translation>وقت الاستيراد</translation>
    </message>
    <message>
      <source>In every case:</source>
      <translation>في كل الحالات:</translation>
    </message>
    <message>
      <source>Information needed</source>
      <translation>معلومات مطلوبة</translation>
    </message>
    <message>
      <source>Information you will be asked for</source>
      <translation>معلومات ستُسأل عنها</translation>
    </message>
    <message>
      <source>Internal error; nothing was saved by the failed step.</source>
      <translation>خطأ داخلي؛ لم يُحفظ شيء من الخطوة التي فشلت.</translation>
    </message>
    <message>
      <source>Internal error; nothing was saved by the failed step. Details: {log}</source>
      <translation>خطأ داخلي؛ لم يُحفظ شيء من الخطوة التي فشلت. التفاصيل: {log}</translation>
    </message>
    <message>
      <source>Item</source>
      <translation>البند</translation>
    </message>
    <message>
      <source>Job</source>
      <translation>المهمة</translation>
    </message>
    <message>
      <source>Keep 1 to 365 daily backups</source>
      <translation>يُحتفظ بنسخ احتياطية يومية من 1 إلى 365</translation>
    </message>
    <message>
      <source>Keep a copy of the key offline: `counter-app db key export --out FILE --as ADMIN` (without it, a new PC cannot open this database or its backups).</source>
      <translation>احتفظ بنسخة من المفتاح خارج الشبكة: `counter-app db key export --out FILE --as ADMIN` (من دونها لا يستطيع حاسوب جديد فتح قاعدة البيانات هذه ولا نسخها الاحتياطية).</translation>
    </message>
    <message>
      <source>Keep this file OFFLINE (a USB stick in a safe) and delete it from this computer: with it, anyone can read the station's database and backups.</source>
      <translation>احفظ هذا الملف خارج الشبكة (ذاكرة USB في خزنة) واحذفه من هذا الحاسوب: من يملكه يستطيع قراءة قاعدة بيانات المحطة ونسخها الاحتياطية.</translation>
    </message>
    <message>
      <source>Keep this receipt. We will call you when your request is ready; to follow it up, visit the center or call it and give the receipt number.</source>
      <translation>احتفظ بهذا الإيصال. سنتصل بك عندما يصبح طلبك جاهزاً؛ ولمتابعته راجع المركز أو اتصل به واذكر رقم الإيصال.</translation>
    </message>
    <message>
      <source>Key</source>
      <translation>المفتاح</translation>
    </message>
    <message>
      <source>Key kept offline</source>
      <translation>نسخة المفتاح خارج الحاسوب</translation>
    </message>
    <message>
      <source>Key {n} ticks this document</source>
      <translation>المفتاح {n} يؤشّر هذه الوثيقة</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>النوع</translation>
    </message>
    <message>
      <source>Label</source>
      <translation>البطاقة</translation>
    </message>
    <message>
      <source>Label of box {box} sent to {printer}.</source>
      <translation>أُرسلت بطاقة الصندوق {box} إلى {printer}.</translation>
    </message>
    <message>
      <source>Language of printed documents</source>
      <translation>لغة المستندات المطبوعة</translation>
    </message>
    <message>
      <source>Language of the program</source>
      <translation>لغة البرنامج</translation>
    </message>
    <message>
      <source>Last attempt</source>
      <translation>آخر محاولة</translation>
    </message>
    <message>
      <source>Last call</source>
      <translation>نتيجة آخر اتصال</translation>
    </message>
    <message>
      <source>Last daily backup</source>
      <translation>آخر نسخة احتياطية يومية</translation>
    </message>
    <message>
      <source>Last error</source>
      <translation>آخر خطأ</translation>
    </message>
    <message>
      <source>Last month</source>
      <translation>الشهر الماضي</translation>
    </message>
    <message>
      <source>Last sent to HQ</source>
      <translation>آخر إرسال إلى الإدارة المركزية</translation>
    </message>
    <message>
      <source>Last success</source>
      <translation>آخر نجاح</translation>
    </message>
    <message>
      <source>List</source>
      <translation>القائمة</translation>
    </message>
    <message>
      <source>Loading the unfiled pages…</source>
      <translation>جارٍ تحميل الصفحات غير المُلحقة…</translation>
    </message>
    <message>
      <source>Lock the screen after (seconds without use)</source>
      <translation>قفل الشاشة بعد (ثوانٍ دون استخدام)</translation>
    </message>
    <message>
      <source>Locked</source>
      <translation>مقفل</translation>
    </message>
    <message>
      <source>Log in first; this needs a user</source>
      <translation>سجّل الدخول أولاً؛ هذه العملية تحتاج إلى مستخدم</translation>
    </message>
    <message>
      <source>Looking for scanners…</source>
      <translation>جارٍ البحث عن الماسحات…</translation>
    </message>
    <message>
      <source>Mark as: {status}</source>
      <translation>تغيير الحالة إلى: {status}</translation>
    </message>
    <message>
      <source>Match</source>
      <translation>التطابق</translation>
    </message>
    <message>
      <source>Message</source>
      <translation>الرسالة</translation>
    </message>
    <message>
      <source>Messages: {sms}</source>
      <translation>الرسائل: {sms}</translation>
    </message>
    <message>
      <source>Method</source>
      <translation>طريقة الدفع</translation>
    </message>
    <message>
      <source>Missing</source>
      <translation>ناقص</translation>
    </message>
    <message>
      <source>Missing or extra file</source>
      <translation>ملف ناقص أو زائد</translation>
    </message>
    <message>
      <source>Mobile for notification</source>
      <translation>رقم الجوال للإشعار</translation>
    </message>
    <message>
      <source>Model</source>
      <translation>الطراز</translation>
    </message>
    <message>
      <source>Modes</source>
      <translation>الأوضاع</translation>
    </message>
    <message>
      <source>Monday</source>
      <translation>الاثنين</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>الاسم</translation>
    </message>
    <message>
      <source>Name corrected on {date} by {user}: from «{old}» to «{new}»</source>
      <translation>صُحِّح الاسم بتاريخ {date} من قِبل {user}: من «{old}» إلى «{new}»</translation>
    </message>
    <message>
      <source>Name the operating-system account with --os-user (up to 64 characters)</source>
      <translation>اذكر حساب نظام التشغيل بالخيار --os-user (حتى 64 محرفًا)</translation>
    </message>
    <message>
      <source>National number</source>
      <translation>الرقم الوطني</translation>
    </message>
    <message>
      <source>Needs a person: see the unfiled queue or the quarantine folder</source>
      <translation>يحتاج إلى موظف: راجع قائمة الصفحات غير المُلحقة أو مجلد العزل</translation>
    </message>
    <message>
      <source>Never</source>
      <translation>لم يحدث بعد</translation>
    </message>
    <message>
      <source>New box</source>
      <translation>صندوق جديد</translation>
    </message>
    <message>
      <source>New complaint</source>
      <translation>شكوى جديدة</translation>
    </message>
    <message>
      <source>New request</source>
      <translation>طلب جديد</translation>
    </message>
    <message>
      <source>New request for the same citizen</source>
      <translation>طلب جديد للمواطن نفسه</translation>
    </message>
    <message>
      <source>Newest version at HQ</source>
      <translation>أحدث إصدار لدى الإدارة المركزية</translation>
    </message>
    <message>
      <source>Nightly sync</source>
      <translation>المزامنة الليلية</translation>
    </message>
    <message>
      <source>Nightly sync failed {when}: {reason}</source>
      <translation>فشلت المزامنة الليلية {when}: {reason}</translation>
    </message>
    <message>
      <source>Nightly sync: not run yet</source>
      <translation>المزامنة الليلية: لم تُجرَ بعد</translation>
    </message>
    <message>
      <source>Nightly sync: {when}, all days match HQ</source>
      <translation>المزامنة الليلية: {when}، كل الأيام مطابقة للإدارة المركزية</translation>
    </message>
    <message>
      <source>Nightly sync: {when}, days that differ from HQ: {n}</source>
      <translation>المزامنة الليلية: {when}، أيام تختلف عن الإدارة المركزية: {n}</translation>
    </message>
    <message>
      <source>No answer</source>
      <translation>لا يوجد رد</translation>
    </message>
    <message>
      <source>No daily backup due: the newest is {path}</source>
      <translation>لا نسخة احتياطية يومية مستحقة الآن: أحدثها {path}</translation>
    </message>
    <message>
      <source>No documents are needed besides your identity card.</source>
      <translation>لا يلزم سوى البطاقة الشخصية.</translation>
    </message>
    <message>
      <source>No documents are required for this choice</source>
      <translation>لا وثائق مطلوبة لهذا الاختيار</translation>
    </message>
    <message>
      <source>No payments were recorded on this day.</source>
      <translation>لم تُسجَّل أي دفعة في هذا اليوم.</translation>
    </message>
    <message>
      <source>No program on this computer opens {path}; it is kept there a day</source>
      <translation>لا يوجد على هذا الحاسوب برنامج يفتح {path}؛ يبقى هناك يوماً واحداً</translation>
    </message>
    <message>
      <source>No request at this station matches HQ's complaint answer for {ref}</source>
      <translation>لا يوجد في هذه المحطة طلب يطابق رد الشكوى من المركز الرئيسي للطلب {ref}</translation>
    </message>
    <message>
      <source>No request at this station matches HQ's message report for {ref}</source>
      <translation>لا يوجد في هذه المحطة طلب يطابق تقرير الإدارة المركزية عن الرسالة النصية للطلب {ref}</translation>
    </message>
    <message>
      <source>No request at this station matches HQ's status change for {ref}</source>
      <translation>لا يوجد في هذه المحطة طلب يطابق تغيير الحالة الوارد من الإدارة المركزية للطلب {ref}</translation>
    </message>
    <message>
      <source>No request with the number {ref}</source>
      <translation>لا يوجد طلب بالرقم {ref}</translation>
    </message>
    <message>
      <source>No requests in the period.</source>
      <translation>لا توجد طلبات في هذه الفترة.</translation>
    </message>
    <message>
      <source>No requests received this month</source>
      <translation>لم تُستلم طلبات هذا الشهر</translation>
    </message>
    <message>
      <source>No scan or answer file of a request is stored as {name} at this station</source>
      <translation>لا يوجد في هذه المحطة مسح ضوئي أو ملف رد لطلب محفوظ باسم {name}</translation>
    </message>
    <message>
      <source>No scanner found. Files a scanner saved can still be imported.</source>
      <translation>لم يُعثر على ماسح ضوئي. يمكن مع ذلك استيراد الملفات التي حفظها ماسح.</translation>
    </message>
    <message>
      <source>No scanner is connected</source>
      <translation>لا يوجد ماسح ضوئي موصول</translation>
    </message>
    <message>
      <source>No scans are filed under this request.</source>
      <translation>لم تُلحق بهذا الطلب أي صور ممسوحة بعد.</translation>
    </message>
    <message>
      <source>No service catalog is installed; run `counter-app setup`</source>
      <translation>لم يُثبَّت دليل الخدمات بعد؛ شغّل الأمر `counter-app setup`</translation>
    </message>
    <message>
      <source>No service selected</source>
      <translation>لم تُختر أي خدمة</translation>
    </message>
    <message>
      <source>No such file: {path}</source>
      <translation>لا يوجد ملف: {path}</translation>
    </message>
    <message>
      <source>No terminal to ask for the password; use --password-stdin</source>
      <translation>لا توجد طرفية لطلب كلمة المرور؛ استخدم الخيار --password-stdin</translation>
    </message>
    <message>
      <source>No.</source>
      <translation>الرقم</translation>
    </message>
    <message>
      <source>Not enrolled</source>
      <translation>غير مسجلة</translation>
    </message>
    <message>
      <source>Not paid</source>
      <translation>غير مدفوع</translation>
    </message>
    <message>
      <source>Not paid yet</source>
      <translation>لم يُدفع بعد</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>ملاحظة</translation>
    </message>
    <message>
      <source>Note (optional)</source>
      <translation>ملاحظة (اختيارية)</translation>
    </message>
    <message>
      <source>Nothing found ({kind})</source>
      <translation>لم يُعثر على شيء ({kind})</translation>
    </message>
    <message>
      <source>Nothing more.</source>
      <translation>لا شيء إضافي.</translation>
    </message>
    <message>
      <source>Nothing received in this period</source>
      <translation>لم يُستلم شيء في هذه الفترة</translation>
    </message>
    <message>
      <source>Nothing was changed.</source>
      <translation>لم يتغير شيء.</translation>
    </message>
    <message numerus="yes">
      <source>Nothing was imported: {bad} of {n} rows are invalid</source>
      <translation>
        <numerusform>لم يُستورد شيء: عدد الأسطر غير الصالحة {bad}</numerusform>
        <numerusform>لم يُستورد شيء: {bad} من أصل سطر واحد غير صالح</numerusform>
        <numerusform>لم يُستورد شيء: {bad} من أصل سطرين غير صالح</numerusform>
        <numerusform>لم يُستورد شيء: {bad} من أصل {n} أسطر غير صالحة</numerusform>
        <numerusform>لم يُستورد شيء: {bad} من أصل {n} سطراً غير صالحة</numerusform>
        <numerusform>لم يُستورد شيء: {bad} من أصل {n} سطر غير صالحة</numerusform>
      </translation>
    </message>
    <message>
      <source>Number</source>
      <translation>الرقم</translation>
    </message>
    <message>
      <source>Oldest waiting since</source>
      <translation>أقدم عنصر بانتظار المزامنة منذ</translation>
    </message>
    <message>
      <source>On time %</source>
      <translation>نسبة الإنجاز في الموعد %</translation>
    </message>
    <message>
      <source>Only a ready request can be handed over; this one is {status}</source>
      <translation>لا يُسلَّم إلا طلب جاهز؛ حالة هذا الطلب {status}</translation>
    </message>
    <message>
      <source>Only a reception slip carries a note</source>
      <translation>لا يحمل ملاحظةً إلا قسيمةُ الاستقبال</translation>
    </message>
    <message>
      <source>Only ready, needs-information and rejected requests are on the call list; this one is {status}</source>
      <translation>قائمة الاتصال للطلبات الجاهزة والتي تحتاج معلومات والمرفوضة فقط، وهذا الطلب {status}</translation>
    </message>
    <message>
      <source>Only when</source>
      <translation>فقط عندما</translation>
    </message>
    <message>
      <source>Only your own payments ({user}): the whole day's needs view_reports</source>
      <translation>دفعاتك وحدك ({user}): كشف اليوم كله يحتاج صلاحية عرض التقارير</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>فتح</translation>
    </message>
    <message>
      <source>Open at the end</source>
      <translation>مفتوحة في نهاية الفترة</translation>
    </message>
    <message>
      <source>Open complaints only</source>
      <translation>الشكاوى المفتوحة فقط</translation>
    </message>
    <message>
      <source>Open now</source>
      <translation>المفتوحة الآن</translation>
    </message>
    <message>
      <source>Open requests</source>
      <translation>الطلبات المفتوحة</translation>
    </message>
    <message>
      <source>Open scan</source>
      <translation>فتح المسح الضوئي</translation>
    </message>
    <message>
      <source>Open the attached file {name}</source>
      <translation>فتح الملف المرفق {name}</translation>
    </message>
    <message>
      <source>Operating-system account</source>
      <translation>حساب نظام التشغيل</translation>
    </message>
    <message>
      <source>Organization</source>
      <translation>جهة</translation>
    </message>
    <message>
      <source>Origin</source>
      <translation>المصدر</translation>
    </message>
    <message>
      <source>Other services</source>
      <translation>خدمات أخرى</translation>
    </message>
    <message>
      <source>Outcomes</source>
      <translation>النتائج</translation>
    </message>
    <message>
      <source>Overdue</source>
      <translation>متأخر عن الموعد</translation>
    </message>
    <message>
      <source>Overdue ({n})</source>
      <translation>المتأخرة ({n})</translation>
    </message>
    <message>
      <source>Overdue and due soon</source>
      <translation>المتأخرة والمستحقة قريباً</translation>
    </message>
    <message>
      <source>Overdue at the end</source>
      <translation>متأخرة في نهاية الفترة</translation>
    </message>
    <message>
      <source>Overdue now</source>
      <translation>المتأخرة الآن</translation>
    </message>
    <message>
      <source>PDF documents (*.pdf)</source>
      <translation>مستندات PDF (*.pdf)</translation>
    </message>
    <message>
      <source>Page</source>
      <translation>الصفحة</translation>
    </message>
    <message>
      <source>Page {page} carries receipt number {code} but is not a cover sheet (a receipt or a copy of one?); it and the pages after it wait in the unfiled queue</source>
      <translation>الصفحة {page} تحمل رقم الإيصال {code} لكنها ليست ورقة غلاف (إيصال أو صورة عنه؟)؛ وهي والصفحات التي تليها تنتظر في قائمة الصفحات غير المُلحقة</translation>
    </message>
    <message>
      <source>Page {page} is already filed under {ref}</source>
      <translation>الصفحة {page} مُلحقة أصلاً بالطلب {ref}</translation>
    </message>
    <message>
      <source>Page {page} is damaged and cannot be read</source>
      <translation>الصفحة {page} تالفة ولا يمكن قراءتها</translation>
    </message>
    <message>
      <source>Page {page} is too large a picture to be a scan</source>
      <translation>الصفحة {page} صورة أكبر من أن تكون مسحاً ضوئياً</translation>
    </message>
    <message>
      <source>Page {page} is too small to be a scanned sheet of paper</source>
      <translation>الصفحة {page} أصغر من أن تكون ورقة ممسوحة</translation>
    </message>
    <message>
      <source>Page {page} of {pages}</source>
      <translation>الصفحة {page} من {pages}</translation>
    </message>
    <message>
      <source>Page {page}: {reason}</source>
      <translation>الصفحة {page}: {reason}</translation>
    </message>
    <message>
      <source>Pages</source>
      <translation>الصفحات</translation>
    </message>
    <message>
      <source>Pages {pages} filed under {ref} as {doc}.</source>
      <translation>أُلحقت الصفحات {pages} بالطلب {ref} بوصفها {doc}.</translation>
    </message>
    <message>
      <source>Paid at</source>
      <translation>وقت الدفع</translation>
    </message>
    <message>
      <source>Paid at a bank, with its receipt</source>
      <translation>مدفوع في مصرف، مع إيصاله</translation>
    </message>
    <message>
      <source>Paid at the bank desk</source>
      <translation>مدفوع في كوة المصرف بالمركز</translation>
    </message>
    <message>
      <source>Paid — bank receipt {number}</source>
      <translation>مدفوع — إيصال المصرف {number}</translation>
    </message>
    <message>
      <source>Paper</source>
      <translation>الورق</translation>
    </message>
    <message>
      <source>Paper is jammed in the scanner; clear it and scan again</source>
      <translation>الورق عالق في الماسح؛ أزله وأعد المسح</translation>
    </message>
    <message>
      <source>Paper source</source>
      <translation>مصدر الورق</translation>
    </message>
    <message>
      <source>Password</source>
      <translation>كلمة المرور</translation>
    </message>
    <message>
      <source>Password accepted for {user}.</source>
      <translation>تم قبول كلمة المرور للمستخدم {user}.</translation>
    </message>
    <message>
      <source>Password for the new account: </source>
      <translation>كلمة المرور للحساب الجديد: </translation>
    </message>
    <message>
      <source>Password for {user}: </source>
      <translation>كلمة مرور {user}: </translation>
    </message>
    <message>
      <source>Payment</source>
      <translation>الدفع</translation>
    </message>
    <message>
      <source>Payment of request {receipt} recorded: {how}.</source>
      <translation>سُجّل دفع رسم الطلب {receipt}: {how}.</translation>
    </message>
    <message>
      <source>Payment of the fee</source>
      <translation>دفع الرسم</translation>
    </message>
    <message>
      <source>Payments</source>
      <translation>الدفعات</translation>
    </message>
    <message>
      <source>Pending</source>
      <translation>قيد الانتظار</translation>
    </message>
    <message>
      <source>Per agency</source>
      <translation>حسب الجهة</translation>
    </message>
    <message>
      <source>Per service</source>
      <translation>حسب الخدمة</translation>
    </message>
    <message>
      <source>Per week</source>
      <translation>حسب الأسبوع</translation>
    </message>
    <message>
      <source>Period from</source>
      <translation>الفترة من</translation>
    </message>
    <message>
      <source>Period to</source>
      <translation>الفترة إلى</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>الهاتف</translation>
    </message>
    <message>
      <source>Prepared</source>
      <translation>تاريخ الإعداد</translation>
    </message>
    <message>
      <source>Print a copy</source>
      <translation>طباعة نسخة</translation>
    </message>
    <message>
      <source>Print cover sheet</source>
      <translation>طباعة ورقة الغلاف</translation>
    </message>
    <message>
      <source>Print job {job} is {state}; print a copy instead of sending it again</source>
      <translation>مهمة الطباعة {job} حالتها {state}؛ اطبع نسخة بدلاً من إعادة إرسالها</translation>
    </message>
    <message>
      <source>Print label</source>
      <translation>طباعة البطاقة</translation>
    </message>
    <message>
      <source>Print queue</source>
      <translation>قائمة الطباعة</translation>
    </message>
    <message>
      <source>Print required-documents slip</source>
      <translation>طباعة قسيمة الوثائق المطلوبة</translation>
    </message>
    <message>
      <source>Print slip</source>
      <translation>طباعة القسيمة</translation>
    </message>
    <message>
      <source>Printer</source>
      <translation>الطابعة</translation>
    </message>
    <message>
      <source>Printing</source>
      <translation>الطباعة</translation>
    </message>
    <message>
      <source>Printing failed ({reason}); the job is kept in the print queue as job {job}</source>
      <translation>فشلت الطباعة ({reason})؛ المهمة محفوظة في قائمة الطباعة برقم {job}</translation>
    </message>
    <message>
      <source>Printing…</source>
      <translation>جارٍ الطباعة…</translation>
    </message>
    <message>
      <source>Processes of the operating-system account {os_user} may now act as {user} without a password.</source>
      <translation>يمكن الآن لعمليات حساب نظام التشغيل {os_user} أن تعمل باسم {user} دون كلمة مرور.</translation>
    </message>
    <message>
      <source>Promised date</source>
      <translation>الموعد المحدد للإنجاز</translation>
    </message>
    <message>
      <source>Promised date: {date}</source>
      <translation>الموعد المحدد للإنجاز: {date}</translation>
    </message>
    <message>
      <source>Proxy's name</source>
      <translation>اسم الوكيل</translation>
    </message>
    <message>
      <source>Proxy's national number</source>
      <translation>الرقم الوطني للوكيل</translation>
    </message>
    <message>
      <source>Put a file in a box</source>
      <translation>وضع ملف في صندوق</translation>
    </message>
    <message>
      <source>Put in box</source>
      <translation>وضع في الصندوق</translation>
    </message>
    <message>
      <source>Put this sheet on top of the request's papers, face up, before scanning.</source>
      <translation>ضع هذه الورقة فوق أوراق الطلب ووجهها للأعلى قبل المسح الضوئي.</translation>
    </message>
    <message>
      <source>Quarantined</source>
      <translation>معزولة للمراجعة</translation>
    </message>
    <message>
      <source>Quit</source>
      <translation>خروج</translation>
    </message>
    <message>
      <source>Ready at {agency}</source>
      <translation>جاهز لدى {agency}</translation>
    </message>
    <message>
      <source>Ready today</source>
      <translation>الجاهزة اليوم</translation>
    </message>
    <message>
      <source>Ready: collect at {place}</source>
      <translation>جاهز: الاستلام في {place}</translation>
    </message>
    <message>
      <source>Ready: collect from {date}</source>
      <translation>جاهز: الاستلام اعتباراً من {date}</translation>
    </message>
    <message>
      <source>Ready: collect from {date} at {place}</source>
      <translation>جاهز: الاستلام اعتباراً من {date} في {place}</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>السبب</translation>
    </message>
    <message>
      <source>Reason for waiving</source>
      <translation>سبب الإعفاء</translation>
    </message>
    <message>
      <source>Reason: {detail}</source>
      <translation>السبب: {detail}</translation>
    </message>
    <message>
      <source>Receipt</source>
      <translation>إيصال</translation>
    </message>
    <message>
      <source>Receipt and register numbers continue after the last ones handed out, so none is given twice.</source>
      <translation>يستمر ترقيم الإيصالات وسجل الديوان بعد آخر رقم أُعطي، فلا يُعطى رقم مرتين.</translation>
    </message>
    <message>
      <source>Receipt number</source>
      <translation>رقم الإيصال</translation>
    </message>
    <message>
      <source>Receipt number, national number, phone or name</source>
      <translation>رقم الإيصال أو الرقم الوطني أو الهاتف أو الاسم</translation>
    </message>
    <message>
      <source>Receipt numbers were issued twice (HQ already holds them for other citizens' requests). This station issues no more numbers until a supervisor enrolls it under a new station number. The receipts</source>
      <translation>صدرت أرقام إيصالات مرتين (لدى الإدارة المركزية هذه الأرقام لطلبات مواطنين آخرين). لا تصدر هذه المحطة أرقامًا بعد الآن حتى يسجلها المشرف برقم محطة جديد. الإيصالات</translation>
    </message>
    <message>
      <source>Receipt printer: {printer} ({state})</source>
      <translation>طابعة الإيصالات: {printer} ({state})</translation>
    </message>
    <message>
      <source>Receipts concerned: {refs}</source>
      <translation>الإيصالات المعنية: {refs}</translation>
    </message>
    <message>
      <source>Received</source>
      <translation>تاريخ الاستلام</translation>
    </message>
    <message numerus="yes">
      <source>Received and ready per week, the last {n} weeks</source>
      <translation>
        <numerusform>المستلمة والجاهزة أسبوعياً</numerusform>
        <numerusform>المستلمة والجاهزة في الأسبوع الأخير</numerusform>
        <numerusform>المستلمة والجاهزة أسبوعياً، آخر أسبوعين</numerusform>
        <numerusform>المستلمة والجاهزة أسبوعياً، آخر {n} أسابيع</numerusform>
        <numerusform>المستلمة والجاهزة أسبوعياً، آخر {n} أسبوعاً</numerusform>
        <numerusform>المستلمة والجاهزة أسبوعياً، آخر {n} أسبوع</numerusform>
      </translation>
    </message>
    <message>
      <source>Received by (archive)</source>
      <translation>استلمها (قسم الأرشفة)</translation>
    </message>
    <message>
      <source>Received in the period</source>
      <translation>المستلمة خلال الفترة</translation>
    </message>
    <message>
      <source>Received on</source>
      <translation>تاريخ الاستلام</translation>
    </message>
    <message>
      <source>Received per agency, {period}</source>
      <translation>الطلبات المستلمة حسب الجهة، {period}</translation>
    </message>
    <message>
      <source>Received per service, {period}</source>
      <translation>الطلبات المستلمة حسب الخدمة، {period}</translation>
    </message>
    <message>
      <source>Received today</source>
      <translation>المستلمة اليوم</translation>
    </message>
    <message>
      <source>Receiving</source>
      <translation>قيد الاستلام</translation>
    </message>
    <message>
      <source>Receiving batch {batch}: scan each file's cover sheet.</source>
      <translation>استلام الدفعة {batch}: امسح ورقة غلاف كل ملف.</translation>
    </message>
    <message>
      <source>Reception</source>
      <translation>الاستقبال</translation>
    </message>
    <message>
      <source>Record payment</source>
      <translation>تسجيل الدفع</translation>
    </message>
    <message>
      <source>Reference</source>
      <translation>المرجع</translation>
    </message>
    <message>
      <source>Refresh</source>
      <translation>تحديث</translation>
    </message>
    <message>
      <source>Register</source>
      <translation>تسجيل</translation>
    </message>
    <message>
      <source>Register number</source>
      <translation>رقم الديوان</translation>
    </message>
    <message>
      <source>Register number, e.g. 1234/2026</source>
      <translation>رقم الديوان، مثل 1234/2026</translation>
    </message>
    <message>
      <source>Registered as {number}</source>
      <translation>سُجّل برقم {number}</translation>
    </message>
    <message>
      <source>Registered by</source>
      <translation>سجّله</translation>
    </message>
    <message>
      <source>Reject the request</source>
      <translation>رفض الطلب</translation>
    </message>
    <message>
      <source>Rejected by {agency}</source>
      <translation>مرفوض من {agency}</translation>
    </message>
    <message>
      <source>Rejected in the period</source>
      <translation>المرفوضة خلال الفترة</translation>
    </message>
    <message>
      <source>Rejected today</source>
      <translation>المرفوضة اليوم</translation>
    </message>
    <message>
      <source>Repeat the password: </source>
      <translation>أعد إدخال كلمة المرور: </translation>
    </message>
    <message>
      <source>Report milestones rebuilt from the request history: {rows} requests; {wrong} disagreed with it and {orphans} had no request.</source>
      <translation>أُعيد بناء مراحل التقارير من سجلّ الطلبات: {rows} طلباً؛ {wrong} منها كانت تخالفه و{orphans} بلا طلب.</translation>
    </message>
    <message>
      <source>Report saved: {path}</source>
      <translation>حُفظ التقرير: {path}</translation>
    </message>
    <message>
      <source>Report written to {path}</source>
      <translation>كُتب التقرير في {path}</translation>
    </message>
    <message>
      <source>Reports</source>
      <translation>التقارير</translation>
    </message>
    <message>
      <source>Reprint receipt</source>
      <translation>إعادة طباعة الإيصال</translation>
    </message>
    <message>
      <source>Request</source>
      <translation>الطلب</translation>
    </message>
    <message>
      <source>Request details</source>
      <translation>بيانات الطلب</translation>
    </message>
    <message>
      <source>Request receipt</source>
      <translation>إيصال استلام طلب</translation>
    </message>
    <message>
      <source>Request {receipt} has no stored scan or answer file</source>
      <translation>الطلب {receipt} ليس له مسح ضوئي أو ملف رد محفوظ</translation>
    </message>
    <message>
      <source>Request {receipt} has several stored files; name one by its stored name: {names}</source>
      <translation>للطلب {receipt} عدة ملفات محفوظة؛ اختر واحداً باسمه المحفوظ: {names}</translation>
    </message>
    <message>
      <source>Request {receipt} is already registered as {number}</source>
      <translation>الطلب {receipt} مسجّل أصلاً برقم {number}</translation>
    </message>
    <message>
      <source>Request {receipt} is now {status}.</source>
      <translation>حالة الطلب {receipt} الآن: {status}.</translation>
    </message>
    <message>
      <source>Request {receipt} is {status}: no fee is taken for it</source>
      <translation>الطلب {receipt} في حالة «{status}»: لا يُستوفى عنه رسم</translation>
    </message>
    <message>
      <source>Request {receipt} was handed over.</source>
      <translation>تم تسليم الطلب {receipt}.</translation>
    </message>
    <message>
      <source>Requests</source>
      <translation>الطلبات</translation>
    </message>
    <message>
      <source>Requests already sent to HQ are still held there; enter the others again from their paper forms.</source>
      <translation>الطلبات التي أُرسلت إلى الإدارة المركزية ما زالت محفوظة هناك؛ أدخِل الطلبات الأخرى من جديد من استماراتها الورقية.</translation>
    </message>
    <message>
      <source>Requests ready</source>
      <translation>الطلبات الجاهزة</translation>
    </message>
    <message>
      <source>Requests received</source>
      <translation>الطلبات المستلمة</translation>
    </message>
    <message>
      <source>Requests received, by {grouping}</source>
      <translation>الطلبات المستلمة حسب {grouping}</translation>
    </message>
    <message>
      <source>Requests saved after {time} UTC are not in the restored database (the damaged file cannot be read to count them).</source>
      <translation>الطلبات المحفوظة بعد {time} بالتوقيت العالمي ليست في قاعدة البيانات المستعادة (تعذّرت قراءة الملف التالف لعدّها).</translation>
    </message>
    <message>
      <source>Required</source>
      <translation>إلزامي</translation>
    </message>
    <message>
      <source>Required documents</source>
      <translation>الوثائق المطلوبة</translation>
    </message>
    <message>
      <source>Requirement</source>
      <translation>المطلوب</translation>
    </message>
    <message>
      <source>Resolution</source>
      <translation>الدقة</translation>
    </message>
    <message>
      <source>Restored the backup {path} (taken {time} UTC).</source>
      <translation>استُعيدت النسخة الاحتياطية {path} (المأخوذة في {time} بالتوقيت العالمي).</translation>
    </message>
    <message>
      <source>Retry</source>
      <translation>إعادة المحاولة</translation>
    </message>
    <message>
      <source>Role</source>
      <translation>الدور</translation>
    </message>
    <message>
      <source>SLA days</source>
      <translation>مدة الإنجاز (أيام عمل)</translation>
    </message>
    <message>
      <source>SMS</source>
      <translation>الرسالة النصية</translation>
    </message>
    <message>
      <source>SMS failed</source>
      <translation>تعذّر إرسال الرسالة النصية</translation>
    </message>
    <message>
      <source>SMS not sent: no phone</source>
      <translation>لم تُرسل رسالة: لا رقم جوال</translation>
    </message>
    <message>
      <source>SMS not sent: opted out</source>
      <translation>لم تُرسل رسالة: طلب المواطن عدم مراسلته</translation>
    </message>
    <message>
      <source>SMS sent</source>
      <translation>أُرسلت الرسالة النصية</translation>
    </message>
    <message>
      <source>SQLCipher's page check (HMAC): {detail}</source>
      <translation>فحص صفحات SQLCipher (HMAC): {detail}</translation>
    </message>
    <message>
      <source>SQLite's check of the file: {detail}</source>
      <translation>فحص SQLite للملف: {detail}</translation>
    </message>
    <message>
      <source>SYP</source>
      <translation>ل.س</translation>
    </message>
    <message>
      <source>Saturday</source>
      <translation>السبت</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>حفظ</translation>
    </message>
    <message>
      <source>Save and print receipt</source>
      <translation>حفظ وطباعة الإيصال</translation>
    </message>
    <message>
      <source>Save the cash sheet</source>
      <translation>حفظ كشف الصندوق</translation>
    </message>
    <message>
      <source>Saved {name} of request {receipt} ({size} bytes) to {path}</source>
      <translation>حُفظ {name} من الطلب {receipt} ({size} بايت) في {path}</translation>
    </message>
    <message>
      <source>Saved. Receipt number: {receipt}</source>
      <translation>تم الحفظ. رقم الإيصال: {receipt}</translation>
    </message>
    <message>
      <source>Saved: {receipt}; printing failed: {error}; the receipt is in the print queue</source>
      <translation>تم الحفظ: {receipt}؛ فشلت الطباعة: {error}؛ الإيصال في قائمة الطباعة</translation>
    </message>
    <message>
      <source>Saved: {receipt}; printing the receipt…</source>
      <translation>تم الحفظ: {receipt}؛ جارٍ طباعة الإيصال…</translation>
    </message>
    <message>
      <source>Saved: {receipt}; the receipt was sent to the printer</source>
      <translation>تم الحفظ: {receipt}؛ أُرسل الإيصال إلى الطابعة</translation>
    </message>
    <message>
      <source>Saving…</source>
      <translation>جارٍ الحفظ…</translation>
    </message>
    <message>
      <source>Say how the fee was paid: --bank-receipt NUMBER or --bank-desk</source>
      <translation>حدّد كيف دُفع الرسم: ‎--bank-receipt NUMBER‎ أو ‎--bank-desk‎</translation>
    </message>
    <message>
      <source>Say which unfiled pages to file</source>
      <translation>حدّد الصفحات غير المُلحقة المراد إلحاقها</translation>
    </message>
    <message>
      <source>Say who you are with --as USER</source>
      <translation>حدّد اسم المستخدم باستخدام --as USER</translation>
    </message>
    <message>
      <source>Scan and file</source>
      <translation>المسح والإلحاق</translation>
    </message>
    <message>
      <source>Scan at least one cover sheet</source>
      <translation>امسح ورقة غلاف واحدة على الأقل</translation>
    </message>
    <message>
      <source>Scan of</source>
      <translation>المستند الممسوح</translation>
    </message>
    <message>
      <source>Scan or type a batch number</source>
      <translation>امسح رقم الدفعة أو اكتبه</translation>
    </message>
    <message>
      <source>Scan the cover sheet or type the receipt number</source>
      <translation>امسح ورقة الغلاف أو اكتب رقم الإيصال</translation>
    </message>
    <message>
      <source>Scan the handover slip first to open its batch.</source>
      <translation>امسح قسيمة التسليم أولاً لفتح دفعتها.</translation>
    </message>
    <message>
      <source>Scan the request's cover sheet or type its receipt number</source>
      <translation>امسح ورقة غلاف الطلب أو اكتب رقم إيصاله</translation>
    </message>
    <message>
      <source>Scan the slip, then each cover sheet</source>
      <translation>امسح القسيمة، ثم ورقة غلاف كل ملف</translation>
    </message>
    <message>
      <source>Scanned file (pages)</source>
      <translation>الملف الممسوح (الصفحات)</translation>
    </message>
    <message>
      <source>Scanner</source>
      <translation>الماسح الضوئي</translation>
    </message>
    <message>
      <source>Scanning and filing…</source>
      <translation>جارٍ المسح والإلحاق…</translation>
    </message>
    <message>
      <source>Scanning failed: {detail}</source>
      <translation>فشل المسح الضوئي: {detail}</translation>
    </message>
    <message>
      <source>Scanning on Windows needs the comtypes package</source>
      <translation>يحتاج المسح الضوئي على ويندوز إلى حزمة comtypes</translation>
    </message>
    <message>
      <source>Scans (*.pdf *.tif *.tiff *.jpg *.jpeg)</source>
      <translation>ملفات ممسوحة (*.pdf *.tif *.tiff *.jpg *.jpeg)</translation>
    </message>
    <message>
      <source>Scans HQ lacked, uploaded again: {count} ({dropped} of them HQ listed without their file)</source>
      <translation>مسوحات افتقدتها الإدارة المركزية وأُعيد رفعها: {count} (منها {dropped} كانت مسجّلة لديها من دون ملفها)</translation>
    </message>
    <message>
      <source>Scans filed under this request</source>
      <translation>الصور الممسوحة الملحقة بهذا الطلب</translation>
    </message>
    <message>
      <source>Scans that could not be uploaded again: {errors}</source>
      <translation>مسوحات تعذّرت إعادة رفعها: {errors}</translation>
    </message>
    <message>
      <source>Schema</source>
      <translation>مخطط قاعدة البيانات</translation>
    </message>
    <message>
      <source>Search: receipt number, national number, phone or name (Ctrl+F)</source>
      <translation>بحث: رقم الإيصال أو الرقم الوطني أو الهاتف أو الاسم (Ctrl+F)</translation>
    </message>
    <message>
      <source>Searching…</source>
      <translation>جارٍ البحث…</translation>
    </message>
    <message>
      <source>Select the pages to file first.</source>
      <translation>حدّد الصفحات المراد إلحاقها أولاً.</translation>
    </message>
    <message>
      <source>Send the citizen to: {route}</source>
      <translation>وجّه المواطن إلى: {route}</translation>
    </message>
    <message>
      <source>Send today's files (new batch)</source>
      <translation>إرسال ملفات اليوم (دفعة جديدة)</translation>
    </message>
    <message>
      <source>Sent</source>
      <translation>مُرسلة</translation>
    </message>
    <message>
      <source>Sent by</source>
      <translation>المرسل</translation>
    </message>
    <message>
      <source>Sent to {printer} (print job {job}).</source>
      <translation>أُرسلت إلى {printer} (مهمة الطباعة {job}).</translation>
    </message>
    <message>
      <source>Sent {sent} (already held {dup}), quarantined {quarantined}, scans {blobs}; applied {applied} changes from HQ ({problems} problems).</source>
      <translation>أُرسل: {sent} (موجود مسبقاً: {dup})، معزول: {quarantined}، مسوحات: {blobs}؛ طُبّق من الإدارة المركزية: {applied} تغيير (مشكلات: {problems}).</translation>
    </message>
    <message>
      <source>Service</source>
      <translation>الخدمة</translation>
    </message>
    <message>
      <source>Service code</source>
      <translation>رمز الخدمة</translation>
    </message>
    <message>
      <source>Service {code} is not offered at this center ({center})</source>
      <translation>الخدمة {code} لا تُقدَّم في هذا المركز ({center})</translation>
    </message>
    <message>
      <source>Service {service} is handled by unknown agency {code}</source>
      <translation>الخدمة {service} تُحال إلى جهة غير معروفة {code}</translation>
    </message>
    <message>
      <source>Service {service} is offered by no center</source>
      <translation>الخدمة {service} لا يقدمها أي مركز</translation>
    </message>
    <message>
      <source>Service {service} refers to unknown agency {code}</source>
      <translation>الخدمة {service} تشير إلى جهة غير معروفة {code}</translation>
    </message>
    <message>
      <source>Service {service} refers to unknown document type {code}</source>
      <translation>الخدمة {service} تشير إلى نوع وثيقة غير معروف {code}</translation>
    </message>
    <message>
      <source>Service {service}: document {doc} depends on field {field}, which is not a choice field</source>
      <translation>الخدمة {service}: الوثيقة {doc} مشروطة بالحقل {field}، وهو ليس حقل اختيار</translation>
    </message>
    <message>
      <source>Service {service}: document {doc} depends on field {field}, which the service does not have</source>
      <translation>الخدمة {service}: الوثيقة {doc} مشروطة بالحقل {field}، والخدمة ليس فيها هذا الحقل</translation>
    </message>
    <message>
      <source>Service {service}: document {doc} depends on value {value} of field {field}, which is not one of its choices</source>
      <translation>الخدمة {service}: الوثيقة {doc} مشروطة بالقيمة {value} للحقل {field}، وهي ليست من خياراته</translation>
    </message>
    <message>
      <source>Services</source>
      <translation>الخدمات</translation>
    </message>
    <message>
      <source>Services of center {center} ({name})</source>
      <translation>خدمات المركز {center} ({name})</translation>
    </message>
    <message>
      <source>Setting</source>
      <translation>الإعداد</translation>
    </message>
    <message>
      <source>Settings</source>
      <translation>الإعدادات</translation>
    </message>
    <message>
      <source>Settings saved.</source>
      <translation>تم حفظ الإعدادات.</translation>
    </message>
    <message>
      <source>Shelf</source>
      <translation>الرف</translation>
    </message>
    <message>
      <source>Show report</source>
      <translation>عرض التقرير</translation>
    </message>
    <message>
      <source>Showing {shown} of more than {total}; narrow the search.</source>
      <translation>يُعرض {shown} من أصل أكثر من {total}؛ ضيِّق البحث.</translation>
    </message>
    <message>
      <source>Showing {shown} of {total}; narrow the search.</source>
      <translation>يُعرض {shown} من أصل {total}؛ ضيِّق البحث.</translation>
    </message>
    <message>
      <source>Sign in</source>
      <translation>دخول</translation>
    </message>
    <message>
      <source>Signature</source>
      <translation>التوقيع</translation>
    </message>
    <message>
      <source>Signing in…</source>
      <translation>جارٍ تسجيل الدخول…</translation>
    </message>
    <message>
      <source>Since</source>
      <translation>منذ</translation>
    </message>
    <message>
      <source>Skipped the backup {path}: it failed its check ({detail}).</source>
      <translation>تُركت النسخة الاحتياطية {path} لأنها لم تجتز الفحص ({detail}).</translation>
    </message>
    <message>
      <source>Source</source>
      <translation>المصدر</translation>
    </message>
    <message>
      <source>Sources</source>
      <translation>المصادر</translation>
    </message>
    <message>
      <source>Start intake</source>
      <translation>بدء تسجيل الطلب</translation>
    </message>
    <message>
      <source>Start receiving</source>
      <translation>بدء الاستلام</translation>
    </message>
    <message>
      <source>Starting</source>
      <translation>بداية الفترة</translation>
    </message>
    <message>
      <source>State</source>
      <translation>الحالة</translation>
    </message>
    <message>
      <source>Station</source>
      <translation>محطة العمل</translation>
    </message>
    <message>
      <source>Station number</source>
      <translation>رقم المحطة</translation>
    </message>
    <message>
      <source>Station {station}</source>
      <translation>محطة العمل {station}</translation>
    </message>
    <message>
      <source>Station {station} is enrolled with HQ at {url}.</source>
      <translation>سُجّلت محطة العمل {station} لدى الإدارة المركزية على العنوان {url}.</translation>
    </message>
    <message>
      <source>Station {station} is set up.</source>
      <translation>تم إعداد محطة العمل {station}.</translation>
    </message>
    <message>
      <source>Station {station} issues no more receipt numbers: HQ already held a receipt number it issued for another citizen's request. A supervisor must enroll the station under a new station number (at HQ: counter-hq station code {center} --replaces {station}). Saved requests keep their numbers.</source>
      <translation>المحطة {station} لا تصدر أرقام إيصالات بعد الآن: لدى الإدارة المركزية رقم إيصال أصدرته لطلب مواطن آخر. على المشرف تسجيل المحطة برقم محطة جديد (في الإدارة المركزية: counter-hq station code {center} --replaces {station}). تحتفظ الطلبات المحفوظة بأرقامها.</translation>
    </message>
    <message>
      <source>Station {station} issues no more receipt numbers: HQ found its audit log cut short, so this is an older copy of the database and may issue numbers again. A supervisor must enroll the station under a new station number (at HQ: counter-hq station code {center} --replaces {station}). Saved requests keep their numbers.</source>
      <translation>المحطة {station} لا تصدر أرقام إيصالات بعد الآن: وجدت الإدارة المركزية سجل تدقيقها مبتورًا، فهذه نسخة أقدم من قاعدة البيانات وقد تصدر أرقامًا مرة ثانية. على المشرف تسجيل المحطة برقم محطة جديد (في الإدارة المركزية: counter-hq station code {center} --replaces {station}). تحتفظ الطلبات المحفوظة بأرقامها.</translation>
    </message>
    <message>
      <source>Station {station} issues no more receipt numbers: HQ found its audit log rewritten, so this is another copy of the database and may issue numbers again. A supervisor must enroll the station under a new station number (at HQ: counter-hq station code {center} --replaces {station}). Saved requests keep their numbers.</source>
      <translation>المحطة {station} لا تصدر أرقام إيصالات بعد الآن: وجدت الإدارة المركزية سجل تدقيقها مُعادَ الكتابة، فهذه نسخة أخرى من قاعدة البيانات وقد تصدر أرقامًا مرة ثانية. على المشرف تسجيل المحطة برقم محطة جديد (في الإدارة المركزية: counter-hq station code {center} --replaces {station}). تحتفظ الطلبات المحفوظة بأرقامها.</translation>
    </message>
    <message>
      <source>Station {station} issues no more receipt numbers: its database was restored from a backup, so numbers issued after the backup may already be held by citizens. A supervisor must enroll the station under a new station number (at HQ: counter-hq station code {center} --replaces {station}). Saved requests keep their numbers.</source>
      <translation>المحطة {station} لا تصدر أرقام إيصالات بعد الآن: استُعيدت قاعدة بياناتها من نسخة احتياطية، فقد تكون أرقام صدرت بعد النسخة في أيدي المواطنين. على المشرف تسجيل المحطة برقم محطة جديد (في الإدارة المركزية: counter-hq station code {center} --replaces {station}). تحتفظ الطلبات المحفوظة بأرقامها.</translation>
    </message>
    <message>
      <source>Station {station} was already set up; nothing changed.</source>
      <translation>محطة العمل {station} مُعدّة مسبقاً؛ لم يتغير شيء.</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>الحالة</translation>
    </message>
    <message>
      <source>Stored as</source>
      <translation>محفوظ باسم</translation>
    </message>
    <message>
      <source>Subject</source>
      <translation>الموضوع</translation>
    </message>
    <message>
      <source>Subject (default: the service's name)</source>
      <translation>الموضوع (افتراضياً: اسم الخدمة)</translation>
    </message>
    <message>
      <source>Sunday</source>
      <translation>الأحد</translation>
    </message>
    <message>
      <source>Supervision</source>
      <translation>الإشراف</translation>
    </message>
    <message>
      <source>Support for this thermal printer connection is not installed</source>
      <translation>دعم هذا النوع من اتصال الطابعة الحرارية غير مثبت</translation>
    </message>
    <message>
      <source>Sync of {station}: last {last}, {pending} waiting, {failed} refused; reconciliation: {reconciled}</source>
      <translation>مزامنة {station}: آخرها {last}، {pending} بالانتظار، {failed} مرفوضة؛ المطابقة: {reconciled}</translation>
    </message>
    <message>
      <source>Sync stopped on a fault in this station (details in the log)</source>
      <translation>توقفت المزامنة بسبب عطل في هذه المحطة (التفاصيل في السجل)</translation>
    </message>
    <message>
      <source>Table</source>
      <translation>الجدول</translation>
    </message>
    <message>
      <source>Takes</source>
      <translation>مدة الإنجاز</translation>
    </message>
    <message>
      <source>Text</source>
      <translation>نص</translation>
    </message>
    <message>
      <source>The CSV file lacks the columns: {columns}</source>
      <translation>الأعمدة التالية غير موجودة في ملف CSV: {columns}</translation>
    </message>
    <message>
      <source>The PDF file is damaged and cannot be read</source>
      <translation>ملف PDF تالف ولا يمكن قراءته</translation>
    </message>
    <message>
      <source>The PDF file is incomplete (cut off before its end)</source>
      <translation>ملف PDF ناقص (مقطوع قبل نهايته)</translation>
    </message>
    <message>
      <source>The PDF file is protected by a password; scan it again without one</source>
      <translation>ملف PDF محمي بكلمة مرور؛ أعد مسحه دون كلمة مرور</translation>
    </message>
    <message>
      <source>The account is locked until {until} after too many failed attempts</source>
      <translation>الحساب مقفل حتى {until} بسبب كثرة المحاولات الفاشلة</translation>
    </message>
    <message>
      <source>The audit log is empty; nothing to anchor at HQ.</source>
      <translation>سجل التدقيق فارغ؛ لا شيء يُثبَّت لدى الإدارة المركزية.</translation>
    </message>
    <message>
      <source>The backup {path} cannot be restored: {detail}. Nothing was changed.</source>
      <translation>لا يمكن استعادة النسخة الاحتياطية {path}: {detail}. لم يتغير شيء.</translation>
    </message>
    <message>
      <source>The backup {path} failed verification</source>
      <translation>فشل التحقق من النسخة الاحتياطية {path}</translation>
    </message>
    <message>
      <source>The backup {path} is of station {theirs}; this database is station {here}. Nothing was changed (add --force to restore it anyway).</source>
      <translation>النسخة الاحتياطية {path} تخص المحطة {theirs}، وهذه القاعدة تخص المحطة {here}. لم يتغيّر شيء (أضف ‎--force لاسترجاعها رغم ذلك).</translation>
    </message>
    <message>
      <source>The catalog does not name center {center}: its stations offer every service.</source>
      <translation>دليل الخدمات لا يذكر المركز {center}: محطاته تقدم كل الخدمات.</translation>
    </message>
    <message>
      <source>The catalog file is not valid JSON: {detail}</source>
      <translation>ملف دليل الخدمات ليس بصيغة JSON صالحة: {detail}</translation>
    </message>
    <message>
      <source>The catalog file must hold a JSON object</source>
      <translation>يجب أن يحتوي ملف دليل الخدمات على كائن JSON</translation>
    </message>
    <message numerus="yes">
      <source>The catalog is invalid ({n} problems)</source>
      <translation>
        <numerusform>دليل الخدمات غير صالح (لا مشكلات)</numerusform>
        <numerusform>دليل الخدمات غير صالح (مشكلة واحدة)</numerusform>
        <numerusform>دليل الخدمات غير صالح (مشكلتان)</numerusform>
        <numerusform>دليل الخدمات غير صالح ({n} مشكلات)</numerusform>
        <numerusform>دليل الخدمات غير صالح ({n} مشكلةً)</numerusform>
        <numerusform>دليل الخدمات غير صالح ({n} مشكلة)</numerusform>
      </translation>
    </message>
    <message>
      <source>The certificate authority kept for HQ cannot be read; enroll the station again with --ca-file</source>
      <translation>تعذّرت قراءة جهة التصديق المحفوظة للإدارة المركزية؛ سجّل المحطة من جديد مع --ca-file</translation>
    </message>
    <message>
      <source>The citizen: {name}</source>
      <translation>المواطن نفسه: {name}</translation>
    </message>
    <message>
      <source>The clerk</source>
      <translation>الموظف</translation>
    </message>
    <message>
      <source>The connection to the thermal printer was lost while printing</source>
      <translation>انقطع الاتصال بالطابعة الحرارية أثناء الطباعة</translation>
    </message>
    <message>
      <source>The counter / ticket contains characters that cannot be printed</source>
      <translation>حقل الكوة / رقم الدور يحوي محارف لا يمكن طباعتها</translation>
    </message>
    <message>
      <source>The cover sheet on page {page} cannot be read; it and the pages after it wait in the unfiled queue</source>
      <translation>تعذّرت قراءة ورقة الغلاف في الصفحة {page}؛ وهي والصفحات التي تليها تنتظر في قائمة الصفحات غير المُلحقة</translation>
    </message>
    <message>
      <source>The cover sheet on page {page} does not carry one valid receipt number ({code}); it and the pages after it wait in the unfiled queue</source>
      <translation>ورقة الغلاف في الصفحة {page} لا تحمل رقم إيصال واحداً صحيحاً ({code})؛ وهي والصفحات التي تليها تنتظر في قائمة الصفحات غير المُلحقة</translation>
    </message>
    <message>
      <source>The daily backup failed: {reason}</source>
      <translation>فشلت النسخة الاحتياطية اليومية: {reason}</translation>
    </message>
    <message>
      <source>The damage mark is cleared; saving is allowed again.</source>
      <translation>أُزيلت علامة التلف؛ صار الحفظ مسموحاً من جديد.</translation>
    </message>
    <message>
      <source>The damaged file is kept as {path}.</source>
      <translation>حُفظ الملف التالف باسم {path}.</translation>
    </message>
    <message>
      <source>The database is NOT encrypted (run `counter-app db encrypt` to encrypt it).</source>
      <translation>قاعدة البيانات غير مشفّرة (شغّل `counter-app db encrypt` لتشفيرها).</translation>
    </message>
    <message>
      <source>The database is busy: another program is writing to it (a long import or backup?). Nothing was saved. Wait a moment and try again.</source>
      <translation>قاعدة البيانات مشغولة: برنامج آخر يكتب فيها الآن (استيراد طويل أو نسخ احتياطي؟). لم يُحفظ شيء. انتظر قليلاً ثم أعد المحاولة.</translation>
    </message>
    <message>
      <source>The database is encrypted, but its key is kept in {backend}, which does not keep it secret (a plain file in the user's folder): use the system keyring (GNOME Keyring, KWallet, Windows Credential Manager) on a counter PC.</source>
      <translation>قاعدة البيانات مشفّرة، لكن مفتاحها محفوظ في {backend} الذي لا يحفظه سرّاً (ملف عادي في مجلد المستخدم): استخدم حافظة مفاتيح النظام (GNOME Keyring أو KWallet أو مدير بيانات الاعتماد في Windows) على حاسوب الكوّة.</translation>
    </message>
    <message>
      <source>The database is encrypted; its key is kept in this computer's credential store.</source>
      <translation>قاعدة البيانات مشفّرة؛ ومفتاحها محفوظ في مخزن بيانات الاعتماد في هذا الحاسوب.</translation>
    </message>
    <message>
      <source>The database is encrypted; its plain backups or files are not all encrypted yet (run `counter-app db encrypt` again once this is fixed):</source>
      <translation>قاعدة البيانات مشفّرة؛ لكن نسخها الاحتياطية أو ملفاتها غير المشفّرة لم تُشفَّر كلها بعد (شغّل `counter-app db encrypt` مجدداً بعد إصلاح ما يلي):</translation>
    </message>
    <message>
      <source>The database is up to date ({schema}).</source>
      <translation>قاعدة البيانات محدَّثة ({schema}).</translation>
    </message>
    <message>
      <source>The database key {key_id} is written to {path}.</source>
      <translation>كُتب مفتاح قاعدة البيانات {key_id} في {path}.</translation>
    </message>
    <message>
      <source>The database schema is out of date; run `counter-app db upgrade`</source>
      <translation>مخطط قاعدة البيانات قديم؛ شغّل الأمر `counter-app db upgrade`</translation>
    </message>
    <message>
      <source>The database was written by a newer version of the program (schema {revision}); install the newer version instead</source>
      <translation>أُنشئت قاعدة البيانات بإصدار أحدث من البرنامج (المخطط {revision})؛ ثبّت الإصدار الأحدث بدلاً من هذا الإصدار</translation>
    </message>
    <message>
      <source>The database {path} cannot be opened with the key kept for it on this computer (a key of another station, or the file's first page is damaged). Nothing was changed. Restore the right key with `counter-app db key import`, or restore a backup with `counter-app db restore`.</source>
      <translation>لا يمكن فتح قاعدة البيانات {path} بالمفتاح المحفوظ لها على هذا الحاسوب (مفتاح محطة أخرى، أو أن الصفحة الأولى من الملف تالفة). لم يتغيّر شيء. استعد المفتاح الصحيح بالأمر `counter-app db key import`، أو استعد نسخة احتياطية بالأمر `counter-app db restore`.</translation>
    </message>
    <message>
      <source>The database {path} is already encrypted; nothing was changed.</source>
      <translation>قاعدة البيانات {path} مشفّرة أصلاً؛ لم يتغيّر شيء.</translation>
    </message>
    <message>
      <source>The database {path} is damaged; to protect what it holds, nothing more is saved in it. Restore the newest good backup with `counter-app db restore` (the damaged file is kept aside).</source>
      <translation>قاعدة البيانات {path} تالفة؛ وحفاظاً على ما فيها لن يُحفظ فيها شيء بعد الآن. استعِد أحدث نسخة احتياطية سليمة بالأمر `counter-app db restore` (يُحتفظ بالملف التالف جانباً).</translation>
    </message>
    <message>
      <source>The database {path} is encrypted ({tables} tables, {rows} rows verified).</source>
      <translation>شُفّرت قاعدة البيانات {path} (تُحقّق من {tables} جدولاً و{rows} سجلاً).</translation>
    </message>
    <message>
      <source>The database {path} is encrypted and its key is not available on this computer ({reason}). Nothing was changed. Import the key kept for this station with `counter-app db key import`.</source>
      <translation>قاعدة البيانات {path} مشفّرة ومفتاحها غير متاح على هذا الحاسوب ({reason}). لم يتغيّر شيء. استورد المفتاح المحفوظ لهذه المحطة بالأمر `counter-app db key import`.</translation>
    </message>
    <message>
      <source>The database {path} is not damaged; restoring a backup would lose what was saved after it. Nothing was changed (add --force to restore anyway).</source>
      <translation>قاعدة البيانات {path} غير تالفة، واستعادة نسخة احتياطية تُضيّع ما حُفظ بعدها. لم يتغير شيء (أضف ‎--force‎ للاستعادة رغم ذلك).</translation>
    </message>
    <message>
      <source>The database {path} is not encrypted: it has no key. Nothing was written.</source>
      <translation>قاعدة البيانات {path} غير مشفّرة: لا مفتاح لها. لم يُكتب شيء.</translation>
    </message>
    <message>
      <source>The disk holding {path} has no room for the restored copy ({size} MB). Nothing was changed. Free some space on that disk and restore again.</source>
      <translation>لا يتسع القرص الذي يحوي {path} للنسخة المسترجعة ({size} ميغابايت). لم يتغيّر شيء. أفرغ بعض المساحة على ذلك القرص ثم أعد الاسترجاع.</translation>
    </message>
    <message>
      <source>The disk holding {path} is full. Nothing was saved. Free some space on that disk (old files, the recycle bin) and try again.</source>
      <translation>القرص الذي يحوي {path} ممتلئ. لم يُحفظ شيء. أفرِغ بعض المساحة على هذا القرص (ملفات قديمة، سلة المحذوفات) ثم أعد المحاولة.</translation>
    </message>
    <message>
      <source>The disk holding {path} is full: encrypting needs room for a second copy of the database. The unencrypted database is unchanged and still in use; the partial copy was removed. Free some space and run `counter-app db encrypt` again.</source>
      <translation>القرص الذي يحوي {path} ممتلئ: يحتاج التشفير إلى مساحة لنسخة ثانية من قاعدة البيانات. قاعدة البيانات غير المشفّرة لم تتغيّر وما زالت قيد الاستخدام؛ وحُذفت النسخة الجزئية. حرّر بعض المساحة ثم شغّل `counter-app db encrypt` مجدداً.</translation>
    </message>
    <message>
      <source>The document cannot be printed</source>
      <translation>لا يمكن طباعة المستند</translation>
    </message>
    <message>
      <source>The document checklist is incomplete</source>
      <translation>قائمة الوثائق المطلوبة غير مكتملة</translation>
    </message>
    <message>
      <source>The document could not be prepared for the thermal printer</source>
      <translation>تعذّر تجهيز المستند للطابعة الحرارية</translation>
    </message>
    <message>
      <source>The document feeder is empty; put the papers in and try again</source>
      <translation>وحدة التغذية فارغة؛ ضع الأوراق وحاول مجدداً</translation>
    </message>
    <message>
      <source>The fee of request {receipt} is already paid</source>
      <translation>رسم الطلب {receipt} مدفوع من قبل</translation>
    </message>
    <message>
      <source>The fee of request {receipt} was paid:</source>
      <translation>دُفع رسم الطلب {receipt}:</translation>
    </message>
    <message>
      <source>The fee of this service is {fee} SYP, not {amount}</source>
      <translation>رسم هذه الخدمة {fee} ل.س، لا {amount}</translation>
    </message>
    <message>
      <source>The file contains a NUL byte on line {line}; it is not a clean CSV file</source>
      <translation>يحتوي الملف على بايت NUL في السطر {line}؛ فهو ليس ملف CSV سليماً</translation>
    </message>
    <message>
      <source>The file has no pages</source>
      <translation>الملف لا يحتوي على صفحات</translation>
    </message>
    <message numerus="yes">
      <source>The file has {n} pages; at most {limit} are taken at once</source>
      <translation>
        <numerusform>لا صفحات في الملف؛ يُقبل {limit} صفحة على الأكثر في المرة الواحدة</numerusform>
        <numerusform>في الملف صفحة واحدة؛ يُقبل {limit} صفحة على الأكثر في المرة الواحدة</numerusform>
        <numerusform>في الملف صفحتان؛ يُقبل {limit} صفحة على الأكثر في المرة الواحدة</numerusform>
        <numerusform>في الملف {n} صفحات؛ يُقبل {limit} صفحة على الأكثر في المرة الواحدة</numerusform>
        <numerusform>في الملف {n} صفحةً؛ يُقبل {limit} صفحة على الأكثر في المرة الواحدة</numerusform>
        <numerusform>في الملف {n} صفحة؛ يُقبل {limit} صفحة على الأكثر في المرة الواحدة</numerusform>
      </translation>
    </message>
    <message>
      <source>The file holds only cover sheets; there was nothing to file</source>
      <translation>الملف لا يحتوي إلا أوراق غلاف؛ لا شيء لإلحاقه</translation>
    </message>
    <message>
      <source>The file is empty (0 bytes)</source>
      <translation>الملف فارغ (0 بايت)</translation>
    </message>
    <message>
      <source>The file is not a PDF, TIFF, JPEG or PNG scan</source>
      <translation>الملف ليس مسحاً ضوئياً بصيغة PDF أو TIFF أو JPEG أو PNG</translation>
    </message>
    <message>
      <source>The file is not valid UTF-8 text (line {line}, byte {offset})</source>
      <translation>الملف ليس نصاً صالحاً بترميز UTF-8 (السطر {line}، البايت {offset})</translation>
    </message>
    <message>
      <source>The file is too large ({size} bytes; at most {limit})</source>
      <translation>الملف كبير جداً ({size} بايت؛ الحد الأقصى {limit})</translation>
    </message>
    <message>
      <source>The file was marked damaged ({at}) and passes the full check now; saving stays stopped until you run `counter-app db check --clear-damage` or restore a backup.</source>
      <translation>وُسم الملف بأنه تالف ({at})، وهو يجتاز الفحص الكامل الآن؛ يبقى الحفظ موقوفاً حتى تنفّذ `counter-app db check --clear-damage` أو تستعيد نسخة احتياطية.</translation>
    </message>
    <message>
      <source>The file {name} is damaged or cut short (its encryption does not verify); it cannot be read. Nothing was changed.</source>
      <translation>الملف {name} تالف أو مقطوع (تشفيره لا يتحقق)؛ لا يمكن قراءته. لم يتغير شيء.</translation>
    </message>
    <message>
      <source>The file {name} is encrypted in a newer format than this version of the app reads. Nothing was changed.</source>
      <translation>الملف {name} مشفَّر بصيغة أحدث مما يقرؤه هذا الإصدار من البرنامج. لم يتغير شيء.</translation>
    </message>
    <message>
      <source>The file {name} was encrypted with another key than this station's (or its header is damaged); it cannot be read here. Nothing was changed.</source>
      <translation>الملف {name} مشفَّر بمفتاح غير مفتاح هذه المحطة (أو أن ترويسته تالفة)؛ لا يمكن قراءته هنا. لم يتغير شيء.</translation>
    </message>
    <message>
      <source>The folder {path} cannot be written to</source>
      <translation>لا يمكن الكتابة في المجلد {path}</translation>
    </message>
    <message>
      <source>The folder {path} does not exist</source>
      <translation>المجلد {path} غير موجود</translation>
    </message>
    <message>
      <source>The folder {path} is not this user's own; nothing was written</source>
      <translation>المجلد {path} ليس ملكاً لهذا المستخدم؛ لم يُكتب شيء</translation>
    </message>
    <message>
      <source>The holiday calendar is invalid: {detail}</source>
      <translation>تقويم العطل الرسمية غير صالح: {detail}</translation>
    </message>
    <message>
      <source>The job's printer</source>
      <translation>طابعة المهمة نفسها</translation>
    </message>
    <message>
      <source>The key {key_id} opens {path} and is kept in this computer's credential store.</source>
      <translation>المفتاح {key_id} يفتح {path} وقد حُفظ في مخزن بيانات الاعتماد في هذا الحاسوب.</translation>
    </message>
    <message>
      <source>The last receipt numbers handed out could not be read from the damaged file: before taking new requests, compare the newest paper receipt with the station's numbering.</source>
      <translation>تعذّرت قراءة آخر أرقام الإيصالات المُعطاة من الملف التالف: قبل استقبال طلبات جديدة قارِن أحدث إيصال ورقي بترقيم المحطة.</translation>
    </message>
    <message>
      <source>The note on a document is limited to {limit} characters</source>
      <translation>الحد الأقصى لعدد محارف الملاحظة على الوثيقة هو {limit}</translation>
    </message>
    <message>
      <source>The output file cannot be written</source>
      <translation>لا يمكن كتابة ملف الحفظ</translation>
    </message>
    <message>
      <source>The output folder cannot be written</source>
      <translation>لا يمكن الكتابة في مجلد الحفظ</translation>
    </message>
    <message>
      <source>The password is not acceptable</source>
      <translation>كلمة المرور غير مقبولة</translation>
    </message>
    <message>
      <source>The password must have at least {min} characters</source>
      <translation>يجب ألا يقل عدد محارف كلمة المرور عن {min}</translation>
    </message>
    <message numerus="yes">
      <source>The payment cannot be recorded: {n} problems</source>
      <translation>
        <numerusform>لا يمكن تسجيل الدفع: لا مشكلات</numerusform>
        <numerusform>لا يمكن تسجيل الدفع: فيه مشكلة واحدة</numerusform>
        <numerusform>لا يمكن تسجيل الدفع: فيه مشكلتان</numerusform>
        <numerusform>لا يمكن تسجيل الدفع: فيه {n} مشكلات</numerusform>
        <numerusform>لا يمكن تسجيل الدفع: فيه {n} مشكلةً</numerusform>
        <numerusform>لا يمكن تسجيل الدفع: فيه {n} مشكلة</numerusform>
      </translation>
    </message>
    <message>
      <source>The period ends before it starts</source>
      <translation>تاريخ نهاية الفترة يسبق تاريخ بدايتها</translation>
    </message>
    <message>
      <source>The period is longer than {days} days</source>
      <translation>الفترة أطول من {days} يوماً</translation>
    </message>
    <message>
      <source>The picture is damaged or cut off and cannot be read</source>
      <translation>الصورة تالفة أو مقطوعة ولا يمكن قراءتها</translation>
    </message>
    <message>
      <source>The picture is too small to be a scanned page ({width} x {height} pixels)</source>
      <translation>الصورة أصغر من أن تكون صفحة ممسوحة ({width} × {height} بكسل)</translation>
    </message>
    <message>
      <source>The print system (CUPS) is not available</source>
      <translation>نظام الطباعة (CUPS) غير متاح</translation>
    </message>
    <message>
      <source>The printer did not answer in time</source>
      <translation>لم تستجب الطابعة في الوقت المحدد</translation>
    </message>
    <message>
      <source>The printer does not exist</source>
      <translation>الطابعة غير موجودة</translation>
    </message>
    <message>
      <source>The printer is not accepting jobs</source>
      <translation>الطابعة لا تقبل مهام طباعة</translation>
    </message>
    <message>
      <source>The printer rejected the job</source>
      <translation>رفضت الطابعة مهمة الطباعة</translation>
    </message>
    <message>
      <source>The program stopped while sending; it may have printed</source>
      <translation>توقف البرنامج أثناء الإرسال؛ ربما طُبعت</translation>
    </message>
    <message>
      <source>The program's language changes at its next start.</source>
      <translation>تتغير لغة البرنامج عند تشغيله في المرة القادمة.</translation>
    </message>
    <message>
      <source>The proxy's name and national number are required</source>
      <translation>اسم الوكيل ورقمه الوطني مطلوبان</translation>
    </message>
    <message>
      <source>The request being entered is not saved. Discard it?</source>
      <translation>الطلب الذي يجري إدخاله غير محفوظ. هل تريد تجاهله؟</translation>
    </message>
    <message numerus="yes">
      <source>The request cannot be saved: {n} problems</source>
      <translation>
        <numerusform>لا يمكن حفظ الطلب: لا مشكلات</numerusform>
        <numerusform>لا يمكن حفظ الطلب: فيه مشكلة واحدة</numerusform>
        <numerusform>لا يمكن حفظ الطلب: فيه مشكلتان</numerusform>
        <numerusform>لا يمكن حفظ الطلب: فيه {n} مشكلات</numerusform>
        <numerusform>لا يمكن حفظ الطلب: فيه {n} مشكلةً</numerusform>
        <numerusform>لا يمكن حفظ الطلب: فيه {n} مشكلة</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>The request has {n} invalid fields</source>
      <translation>
        <numerusform>لا حقول غير صالحة في الطلب</numerusform>
        <numerusform>في الطلب حقل واحد غير صالح</numerusform>
        <numerusform>في الطلب حقلان غير صالحين</numerusform>
        <numerusform>في الطلب {n} حقول غير صالحة</numerusform>
        <numerusform>في الطلب {n} حقلاً غير صالح</numerusform>
        <numerusform>في الطلب {n} حقل غير صالح</numerusform>
      </translation>
    </message>
    <message>
      <source>The scan is empty</source>
      <translation>المسح الضوئي فارغ</translation>
    </message>
    <message>
      <source>The scan is too large ({size} bytes; at most {limit})</source>
      <translation>المسح الضوئي كبير جداً ({size} بايت؛ الحد الأقصى {limit})</translation>
    </message>
    <message>
      <source>The scanimage program is not installed (Debian package sane-utils)</source>
      <translation>برنامج scanimage غير مثبّت (حزمة دبيان sane-utils)</translation>
    </message>
    <message>
      <source>The scanner did not finish within {seconds} seconds; it was stopped</source>
      <translation>لم ينته الماسح خلال {seconds} ثانية؛ أُوقف</translation>
    </message>
    <message>
      <source>The scanner is busy (another program is using it)</source>
      <translation>الماسح مشغول (يستخدمه برنامج آخر)</translation>
    </message>
    <message>
      <source>The scanner returned no pages</source>
      <translation>لم يُرجع الماسح أي صفحة</translation>
    </message>
    <message>
      <source>The scanner stopped answering (input/output error)</source>
      <translation>توقف الماسح عن الاستجابة (خطأ إدخال/إخراج)</translation>
    </message>
    <message>
      <source>The scanner's cover is open</source>
      <translation>غطاء الماسح مفتوح</translation>
    </message>
    <message>
      <source>The search text is limited to {limit} characters</source>
      <translation>الحد الأقصى لعدد محارف نص البحث هو {limit}</translation>
    </message>
    <message>
      <source>The service {service} has no fee: there is nothing to pay</source>
      <translation>الخدمة {service} بلا رسم: لا يوجد ما يُدفع</translation>
    </message>
    <message>
      <source>The slip was sent to the printer.</source>
      <translation>أُرسلت قسيمة الوثائق إلى الطابعة.</translation>
    </message>
    <message>
      <source>The station's credentials are missing from the system keyring; enroll again</source>
      <translation>بيانات اعتماد محطة العمل غير موجودة في حافظة النظام؛ أعد التسجيل</translation>
    </message>
    <message>
      <source>The stored file {name} is missing</source>
      <translation>الملف المحفوظ {name} مفقود</translation>
    </message>
    <message>
      <source>The stored picture of page {page} is missing or damaged ({path})</source>
      <translation>الصورة المحفوظة للصفحة {page} مفقودة أو تالفة ({path})</translation>
    </message>
    <message>
      <source>The thermal printer cannot be opened: permission denied</source>
      <translation>لا يمكن فتح الطابعة الحرارية: لا توجد صلاحية</translation>
    </message>
    <message>
      <source>The thermal printer cannot be reached</source>
      <translation>لا يمكن الوصول إلى الطابعة الحرارية</translation>
    </message>
    <message>
      <source>The thermal printer did not respond in time</source>
      <translation>لم تستجب الطابعة الحرارية في الوقت المحدد</translation>
    </message>
    <message>
      <source>The thermal printer is not configured</source>
      <translation>الطابعة الحرارية غير مُعدّة</translation>
    </message>
    <message>
      <source>The thermal printer is out of paper</source>
      <translation>نفد الورق من الطابعة الحرارية</translation>
    </message>
    <message>
      <source>The two passwords differ</source>
      <translation>كلمتا المرور غير متطابقتين</translation>
    </message>
    <message>
      <source>The upgrade to schema {new} failed and the database could not be put back as it was. The backup made before the upgrade is kept: {path}. Close every counter program, then run `counter-app db restore --from {path} --force`.</source>
      <translation>فشلت ترقية قاعدة البيانات إلى المخطط {new} وتعذّرت إعادتها كما كانت. النسخة الاحتياطية المأخوذة قبل الترقية محفوظة: {path}. أغلق كل برامج المركز ثم شغّل ‎`counter-app db restore --source {path} --force`‎.</translation>
    </message>
    <message>
      <source>The upgrade to schema {new} failed and was undone: the database is as it was before (schema {old}), checked against the backup made before the upgrade ({path}), which is kept. Nothing was lost.</source>
      <translation>فشلت ترقية قاعدة البيانات إلى المخطط {new} وأُلغيت: قاعدة البيانات كما كانت قبلها (المخطط {old})، وقد طوبقت مع النسخة الاحتياطية المأخوذة قبل الترقية ({path}) وهي محفوظة. لم يُفقد شيء.</translation>
    </message>
    <message>
      <source>The upgrade to schema {new} failed; the database was restored from the backup made before it ({path}). Nothing was lost. The file the failed upgrade left is kept as {kept}.</source>
      <translation>فشلت ترقية قاعدة البيانات إلى المخطط {new}؛ فاستُعيدت قاعدة البيانات من النسخة الاحتياطية المأخوذة قبلها ({path}). لم يُفقد شيء. الملف الذي تركته الترقية الفاشلة محفوظ باسم {kept}.</translation>
    </message>
    <message>
      <source>The upgrade to schema {new} starts with a verified backup, and the backup failed, so the upgrade did not start: the database is unchanged (schema {old}).</source>
      <translation>تبدأ الترقية إلى المخطط {new} بنسخة احتياطية مُتحقَّق منها، وقد فشلت النسخة الاحتياطية فلم تبدأ الترقية: قاعدة البيانات لم تتغير (المخطط {old}).</translation>
    </message>
    <message>
      <source>The window cannot open on this X11 display: Qt's X11 plugin needs system libraries that are not installed ({libraries}). Install them as root (apt-get install {packages}) or run scripts/start.sh as root, as the README's set-up says.</source>
      <translation>تعذّر فتح النافذة على شاشة X11 هذه: تحتاج إضافة X11 في Qt إلى مكتبات نظام غير مثبّتة ({libraries}). ثبّتها بصلاحيات مدير النظام (apt-get install {packages}) أو شغّل scripts/start.sh بصلاحيات مدير النظام، كما تشرح خطوات الإعداد في ملف README.</translation>
    </message>
    <message>
      <source>The {shown} most overdue of {total} are listed</source>
      <translation>تُعرض {shown} الأكثر تأخراً من أصل {total}</translation>
    </message>
    <message>
      <source>There are no files of {day} left to hand over</source>
      <translation>لم تبق ملفات من يوم {day} لتسليمها</translation>
    </message>
    <message>
      <source>There is no active user called {user}</source>
      <translation>لا يوجد مستخدم فعّال باسم {user}</translation>
    </message>
    <message>
      <source>There is no box {box}</source>
      <translation>لا يوجد صندوق {box}</translation>
    </message>
    <message>
      <source>There is no display to open the window on (DISPLAY and WAYLAND_DISPLAY are not set). Use the command line (counter-app --help), or set QT_QPA_PLATFORM=offscreen to run the window without a screen.</source>
      <translation>لا توجد شاشة تُفتح عليها النافذة (المتغيّران DISPLAY وWAYLAND_DISPLAY غير مضبوطين). استخدم سطر الأوامر (counter-app --help)، أو اضبط QT_QPA_PLATFORM=offscreen لتشغيل النافذة من دون شاشة.</translation>
    </message>
    <message>
      <source>There is no good backup in {path} to restore; nothing was changed.</source>
      <translation>لا توجد في {path} نسخة احتياطية سليمة للاستعادة؛ لم يتغير شيء.</translation>
    </message>
    <message>
      <source>There is no handover batch {batch}</source>
      <translation>لا توجد دفعة تسليم {batch}</translation>
    </message>
    <message>
      <source>There is no print job {job}</source>
      <translation>لا توجد مهمة طباعة برقم {job}</translation>
    </message>
    <message>
      <source>There is no register entry {number}</source>
      <translation>لا يوجد قيد في الديوان برقم {number}</translation>
    </message>
    <message>
      <source>There is no scanned file {ref}</source>
      <translation>لا يوجد ملف ممسوح {ref}</translation>
    </message>
    <message>
      <source>There is no scanner {device}, or it is switched off</source>
      <translation>لا يوجد ماسح {device}، أو أنه مطفأ</translation>
    </message>
    <message>
      <source>There is no unfiled page {page}</source>
      <translation>لا توجد صفحة غير مُلحقة برقم {page}</translation>
    </message>
    <message>
      <source>There is no user called {user}</source>
      <translation>لا يوجد مستخدم باسم {user}</translation>
    </message>
    <message>
      <source>This account may not use the scanner</source>
      <translation>لا يحق لهذا الحساب استخدام الماسح</translation>
    </message>
    <message>
      <source>This center takes no complaints.</source>
      <translation>لا يستقبل هذا المركز شكاوى.</translation>
    </message>
    <message>
      <source>This computer already keeps another key named {key_id}; it is never replaced. Nothing was changed.</source>
      <translation>يحفظ هذا الحاسوب مفتاحاً آخر باسم {key_id}؛ ولا يُستبدل أبداً. لم يتغيّر شيء.</translation>
    </message>
    <message>
      <source>This computer has no working credential store for the database key ({detail}), so the station's database is stored UNENCRYPTED: anyone who takes this disk can read it. Set up the system keyring (GNOME Keyring, KWallet, Windows Credential Manager), then run `counter-app db encrypt`.</source>
      <translation>لا يوجد في هذا الحاسوب مخزن بيانات اعتماد يعمل لحفظ مفتاح قاعدة البيانات ({detail})، لذا تُحفظ قاعدة بيانات المحطة دون تشفير: من يأخذ هذا القرص يستطيع قراءتها. جهّز حافظة مفاتيح النظام (GNOME Keyring أو KWallet أو مدير بيانات الاعتماد في Windows)، ثم شغّل `counter-app db encrypt`.</translation>
    </message>
    <message>
      <source>This computer offers no secure keyring for the station's credentials (found: {backend}), so they are not stored. Enroll from a session with the system's keyring (GNOME Keyring, KWallet, Windows Credential Manager), or, on a test or development machine only, set COUNTER_APP_ALLOW_INSECURE_KEYRING=1</source>
      <translation>لا يوفّر هذا الحاسوب حافظة آمنة لبيانات اعتماد المحطة (الموجود: {backend})، لذلك لم تُحفظ. سجّل المحطة من جلسة فيها حافظة النظام (GNOME Keyring أو KWallet أو مدير بيانات الاعتماد في Windows)، أو اضبط COUNTER_APP_ALLOW_INSECURE_KEYRING=1 على حاسوب اختبار أو تطوير فقط</translation>
    </message>
    <message>
      <source>This computer's credential store cannot keep the database key ({detail}). Nothing was changed.</source>
      <translation>مخزن بيانات الاعتماد في هذا الحاسوب لا يستطيع حفظ مفتاح قاعدة البيانات ({detail}). لم يتغيّر شيء.</translation>
    </message>
    <message>
      <source>This copy is not encrypted: delete it when it is no longer needed.</source>
      <translation>هذه النسخة غير مشفَّرة: احذفها حين لا تعود بحاجة إليها.</translation>
    </message>
    <message>
      <source>This database already belongs to station {station}; a station's identity never changes</source>
      <translation>قاعدة البيانات هذه تابعة لمحطة العمل {station}؛ ولا يمكن تغيير هوية محطة العمل</translation>
    </message>
    <message>
      <source>This is copy no. {count}.</source>
      <translation>هذه النسخة رقم {count}.</translation>
    </message>
    <message>
      <source>This month</source>
      <translation>هذا الشهر</translation>
    </message>
    <message>
      <source>This request was already handed over</source>
      <translation>سُلِّم هذا الطلب من قبل</translation>
    </message>
    <message>
      <source>This scanner cannot scan both sides of a sheet</source>
      <translation>لا يستطيع هذا الماسح مسح وجهي الورقة</translation>
    </message>
    <message>
      <source>This scanner has no mode {value}; it offers: {allowed}</source>
      <translation>لا يوجد في هذا الماسح الوضع {value}؛ المتاح: {allowed}</translation>
    </message>
    <message>
      <source>This scanner has no paper source {value}; it offers: {allowed}</source>
      <translation>لا يوجد في هذا الماسح مصدر الورق {value}؛ المتاح: {allowed}</translation>
    </message>
    <message>
      <source>This service is retired: new requests cannot be taken for it.</source>
      <translation>هذه الخدمة موقوفة: لا تُقبل طلبات جديدة لها.</translation>
    </message>
    <message>
      <source>This station</source>
      <translation>محطة العمل هذه</translation>
    </message>
    <message>
      <source>This station is not enrolled with HQ; run `counter-app enroll URL CODE`</source>
      <translation>محطة العمل هذه غير مسجلة لدى الإدارة المركزية؛ شغّل `counter-app enroll URL CODE`</translation>
    </message>
    <message>
      <source>This station is not set up yet; run `counter-app setup` first</source>
      <translation>محطة العمل هذه غير مُعدّة بعد؛ شغّل الأمر `counter-app setup` أولاً</translation>
    </message>
    <message>
      <source>This station was enrolled with HQ at a plain http address, which would send its credentials and citizen data unencrypted; enroll it again with HQ's https address</source>
      <translation>سُجّلت هذه المحطة لدى الإدارة المركزية بعنوان http غير مشفّر، وبه تُرسَل بيانات اعتمادها وبيانات المواطنين دون تشفير؛ سجّلها من جديد بعنوان https للإدارة المركزية</translation>
    </message>
    <message>
      <source>This station was {old}; new requests are numbered as {new}, requests saved before keep their numbers and are still sent.</source>
      <translation>كانت هذه المحطة {old}؛ تُرقَّم الطلبات الجديدة باسم {new}، وتحتفظ الطلبات المحفوظة قبل ذلك بأرقامها وتُرسل كما كانت.</translation>
    </message>
    <message>
      <source>This station's clock is too far from HQ's; set the right date and time, then sync again</source>
      <translation>ساعة هذه المحطة بعيدة جداً عن ساعة الإدارة المركزية؛ اضبط التاريخ والوقت الصحيحين، ثم أعد المزامنة</translation>
    </message>
    <message>
      <source>This station's number is retired: it takes no new requests until a supervisor enrolls it under a new station number (at HQ: counter-hq station code CENTER --replaces CENTER-NN, then counter-app enroll). Saved requests keep their numbers and are still sent.</source>
      <translation>رقم هذه المحطة موقوف نهائيًا: لا تقبل طلبات جديدة حتى يسجلها المشرف برقم محطة جديد (في الإدارة المركزية: counter-hq station code CENTER --replaces CENTER-NN ثم counter-app enroll). تحتفظ الطلبات المحفوظة بأرقامها وتُرسل كما كانت.</translation>
    </message>
    <message>
      <source>This version ({running}) is no longer supported by HQ; ask HQ for version {version}</source>
      <translation>لم تعد الإدارة المركزية تدعم هذا الإصدار ({running})؛ اطلب الإصدار {version} من الإدارة المركزية</translation>
    </message>
    <message>
      <source>This version ({running}) is no longer supported by HQ; install version {version}: {url}</source>
      <translation>لم تعد الإدارة المركزية تدعم هذا الإصدار ({running})؛ ثبّت الإصدار {version}: {url}</translation>
    </message>
    <message>
      <source>This week</source>
      <translation>هذا الأسبوع</translation>
    </message>
    <message>
      <source>This year</source>
      <translation>هذا العام</translation>
    </message>
    <message>
      <source>Thursday</source>
      <translation>الخميس</translation>
    </message>
    <message>
      <source>Ticks every document as required; a row's number ticks that document alone</source>
      <translation>تؤشّر كل وثيقة كما هو مطلوب؛ ورقم السطر يؤشّر تلك الوثيقة وحدها</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>الوقت</translation>
    </message>
    <message>
      <source>Time limits</source>
      <translation>الالتزام بالمواعيد</translation>
    </message>
    <message>
      <source>To save a scan or an answer's file: {command} (NAME: its stored name)</source>
      <translation>لحفظ مسح ضوئي أو ملف رد في ملف: {command} (NAME: اسمه المحفوظ)</translation>
    </message>
    <message>
      <source>Today</source>
      <translation>اليوم</translation>
    </message>
    <message>
      <source>Total</source>
      <translation>المجموع</translation>
    </message>
    <message>
      <source>Total of the day</source>
      <translation>مجموع اليوم</translation>
    </message>
    <message>
      <source>Totals</source>
      <translation>المجاميع</translation>
    </message>
    <message>
      <source>Totals by clerk</source>
      <translation>المجاميع حسب الموظف</translation>
    </message>
    <message>
      <source>Totals by payment method</source>
      <translation>المجاميع حسب طريقة الدفع</translation>
    </message>
    <message>
      <source>Tuesday</source>
      <translation>الثلاثاء</translation>
    </message>
    <message>
      <source>Turnaround in working days (p50 / p90)</source>
      <translation>مدة الإنجاز بأيام العمل (الوسيط / 90%)</translation>
    </message>
    <message>
      <source>Turnaround p50 (working days)</source>
      <translation>مدة الإنجاز الوسيطة (أيام عمل)</translation>
    </message>
    <message>
      <source>Turnaround p90 (working days)</source>
      <translation>مدة الإنجاز لـ90% (أيام عمل)</translation>
    </message>
    <message>
      <source>Type</source>
      <translation>النوع</translation>
    </message>
    <message>
      <source>Type something to search for</source>
      <translation>اكتب نصاً للبحث عنه</translation>
    </message>
    <message>
      <source>Undo changes</source>
      <translation>التراجع عن التغييرات</translation>
    </message>
    <message>
      <source>Unfiled</source>
      <translation>غير مُلحقة</translation>
    </message>
    <message>
      <source>Unfiled pages</source>
      <translation>الصفحات غير المُلحقة</translation>
    </message>
    <message>
      <source>Unknown bucket {bucket}; use one of: {allowed}</source>
      <translation>تجميع زمني غير معروف {bucket}؛ استعمل واحداً من: {allowed}</translation>
    </message>
    <message>
      <source>Unknown call outcome {value}; use one of: {allowed}</source>
      <translation>نتيجة اتصال غير معروفة {value}؛ استخدم أحد: {allowed}</translation>
    </message>
    <message>
      <source>Unknown collector {value}; use one of: {allowed}</source>
      <translation>مستلم غير معروف {value}؛ استخدم أحد: {allowed}</translation>
    </message>
    <message>
      <source>Unknown document state {state}; use one of: {allowed}</source>
      <translation>حالة وثيقة غير معروفة {state}؛ استخدم إحدى القيم: {allowed}</translation>
    </message>
    <message>
      <source>Unknown document {value}; use one of: {allowed}</source>
      <translation>نوع مستند غير معروف {value}؛ استخدم أحد: {allowed}</translation>
    </message>
    <message>
      <source>Unknown export format {fmt}; choose csv, xlsx or pdf</source>
      <translation>صيغة التصدير {fmt} غير معروفة؛ اختر csv أو xlsx أو pdf</translation>
    </message>
    <message>
      <source>Unknown format {fmt} for the cash report; choose csv or pdf</source>
      <translation>صيغة غير معروفة لكشف الصندوق: {fmt}؛ اختر csv أو pdf</translation>
    </message>
    <message>
      <source>Unknown grouping {by}; use one of: {allowed}</source>
      <translation>طريقة تجميع غير معروفة {by}؛ استخدم إحدى القيم: {allowed}</translation>
    </message>
    <message>
      <source>Unknown paper {value}; use one of: {allowed}</source>
      <translation>قياس ورق غير معروف {value}؛ استخدم أحد: {allowed}</translation>
    </message>
    <message>
      <source>Unknown period {name}; use one of: {allowed}</source>
      <translation>فترة غير معروفة {name}؛ استعمل واحدة من: {allowed}</translation>
    </message>
    <message>
      <source>Unknown role {role}; use one of: {allowed}</source>
      <translation>دور غير معروف {role}؛ استخدم إحدى القيم: {allowed}</translation>
    </message>
    <message>
      <source>Unknown scan source {value}; use one of: {allowed}</source>
      <translation>مصدر مسح غير معروف {value}؛ استخدم أحد: {allowed}</translation>
    </message>
    <message>
      <source>Unknown service {code}</source>
      <translation>خدمة غير معروفة: {code}</translation>
    </message>
    <message>
      <source>Unknown setting {name}; known: {allowed}</source>
      <translation>إعداد غير معروف {name}؛ الإعدادات المعروفة: {allowed}</translation>
    </message>
    <message>
      <source>Unknown status {status}; use one of: {allowed}</source>
      <translation>حالة غير معروفة {status}؛ استخدم إحدى القيم: {allowed}</translation>
    </message>
    <message>
      <source>Unsaved request</source>
      <translation>طلب غير محفوظ</translation>
    </message>
    <message>
      <source>Unsupported catalog format {found}; this version reads format {expected}</source>
      <translation>صيغة دليل الخدمات {found} غير مدعومة؛ هذا الإصدار يقرأ الصيغة {expected}</translation>
    </message>
    <message>
      <source>Up to date (version {running})</source>
      <translation>الإصدار محدَّث ({running})</translation>
    </message>
    <message>
      <source>Updated at {time}</source>
      <translation>آخر تحديث {time}</translation>
    </message>
    <message>
      <source>Updating…</source>
      <translation>جارٍ التحديث…</translation>
    </message>
    <message>
      <source>Upgraded from {old} to {new}; backup: {path}</source>
      <translation>تمت الترقية من {old} إلى {new}؛ النسخة الاحتياطية: {path}</translation>
    </message>
    <message>
      <source>User</source>
      <translation>المستخدم</translation>
    </message>
    <message>
      <source>User name</source>
      <translation>اسم المستخدم</translation>
    </message>
    <message>
      <source>User {user} ({role}) cannot act without a password; give automation an account of its own with only the role it needs (clerk, reception or archive)</source>
      <translation>لا يمكن للمستخدم {user} ({role}) أن يعمل دون كلمة مرور؛ خصّص للأتمتة حسابًا خاصًا بها بالدور الذي تحتاجه فقط (موظف أو استقبال أو أرشيف)</translation>
    </message>
    <message>
      <source>User {user} ({role}) is not allowed to {action}</source>
      <translation>لا يحق للمستخدم {user} ({role}) تنفيذ العملية: {action}</translation>
    </message>
    <message>
      <source>User {user} added with role {role}.</source>
      <translation>تمت إضافة المستخدم {user} بالدور {role}.</translation>
    </message>
    <message>
      <source>User {user} is locked after too many failed logins</source>
      <translation>تم قفل حساب المستخدم {user} بسبب كثرة محاولات الدخول الفاشلة</translation>
    </message>
    <message>
      <source>User {user} is not locked</source>
      <translation>المستخدم {user} غير مقفل</translation>
    </message>
    <message>
      <source>User {user} is unlocked.</source>
      <translation>فُتح قفل المستخدم {user}.</translation>
    </message>
    <message>
      <source>User: {user}</source>
      <translation>المستخدم: {user}</translation>
    </message>
    <message>
      <source>Username</source>
      <translation>اسم المستخدم</translation>
    </message>
    <message>
      <source>Users</source>
      <translation>المستخدمون</translation>
    </message>
    <message>
      <source>Value</source>
      <translation>القيمة</translation>
    </message>
    <message>
      <source>Verification code</source>
      <translation>رمز التحقق</translation>
    </message>
    <message>
      <source>Version</source>
      <translation>الإصدار</translation>
    </message>
    <message>
      <source>Version {running} is no longer supported: install {version}</source>
      <translation>لم يعد الإصدار {running} مدعوماً: ثبّت الإصدار {version}</translation>
    </message>
    <message>
      <source>Version {running}; HQ has not said which version is the newest</source>
      <translation>الإصدار {running}؛ لم تحدد الإدارة المركزية أحدث إصدار بعد</translation>
    </message>
    <message>
      <source>Waiting jobs only</source>
      <translation>المهام المنتظرة فقط</translation>
    </message>
    <message>
      <source>Waiting to be sent to HQ</source>
      <translation>بانتظار الإرسال إلى الإدارة المركزية</translation>
    </message>
    <message>
      <source>Waiting to sync</source>
      <translation>بانتظار المزامنة</translation>
    </message>
    <message>
      <source>Waiting to sync: {count} (oldest {since})</source>
      <translation>بانتظار المزامنة: {count} (الأقدم {since})</translation>
    </message>
    <message>
      <source>Warning</source>
      <translation>تنبيه</translation>
    </message>
    <message>
      <source>Warning: the station's credentials are kept in a keyring that is not secure ({backend}), as COUNTER_APP_ALLOW_INSECURE_KEYRING allows on a test or development machine</source>
      <translation>تنبيه: بيانات اعتماد المحطة محفوظة في حافظة غير آمنة ({backend})، كما يسمح COUNTER_APP_ALLOW_INSECURE_KEYRING على حاسوب اختبار أو تطوير</translation>
    </message>
    <message>
      <source>Warning: this citizen already has an open request for this service ({receipt})</source>
      <translation>تنبيه: لدى هذا المواطن طلب مفتوح لهذه الخدمة ({receipt})</translation>
    </message>
    <message>
      <source>Warning: this computer's clock ({now}) is behind the newest record saved here ({reference}). Receipts carry this date: have the date and time set right.</source>
      <translation>تحذير: ساعة هذا الحاسوب ({now}) متأخرة عن أحدث سجل محفوظ هنا ({reference}). الإيصالات تحمل هذا التاريخ: يُرجى ضبط التاريخ والوقت.</translation>
    </message>
    <message>
      <source>Warning: this computer's clock ({now}) is off the headquarters' time ({reference}); difference in days: {days}. Receipts carry this date: have the date and time set right.</source>
      <translation>تحذير: ساعة هذا الحاسوب ({now}) لا تطابق توقيت الإدارة المركزية ({reference})؛ الفرق بالأيام: {days}. الإيصالات تحمل هذا التاريخ: يُرجى ضبط التاريخ والوقت.</translation>
    </message>
    <message>
      <source>Warning: this computer's clock ({now}) is off the headquarters' time ({reference}); difference in hours: {hours}. Receipts carry this date: have the date and time set right.</source>
      <translation>تحذير: ساعة هذا الحاسوب ({now}) لا تطابق توقيت الإدارة المركزية ({reference})؛ الفرق بالساعات: {hours}. الإيصالات تحمل هذا التاريخ: يُرجى ضبط التاريخ والوقت.</translation>
    </message>
    <message>
      <source>Watching {path}; Ctrl+C stops.</source>
      <translation>جارٍ مراقبة {path}؛ Ctrl+C للإيقاف.</translation>
    </message>
    <message>
      <source>Wednesday</source>
      <translation>الأربعاء</translation>
    </message>
    <message>
      <source>What must the citizen bring or complete for request {receipt}?</source>
      <translation>ما الذي يجب على المواطن إحضاره أو استكماله للطلب {receipt}؟</translation>
    </message>
    <message>
      <source>When</source>
      <translation>الوقت</translation>
    </message>
    <message>
      <source>Where is it?</source>
      <translation>أين هو؟</translation>
    </message>
    <message>
      <source>Who collects request {receipt}?</source>
      <translation>من يستلم الطلب {receipt}؟</translation>
    </message>
    <message>
      <source>Whole paper file</source>
      <translation>الملف الورقي كاملاً</translation>
    </message>
    <message>
      <source>Why is request {receipt} cancelled? The reason stays in its history.</source>
      <translation>لماذا أُلغي الطلب {receipt}؟ يبقى السبب محفوظاً في سجله.</translation>
    </message>
    <message>
      <source>Why is request {receipt} rejected?</source>
      <translation>لماذا رُفض الطلب {receipt}؟</translation>
    </message>
    <message>
      <source>Working days late</source>
      <translation>أيام العمل المتأخرة</translation>
    </message>
    <message>
      <source>Working days left</source>
      <translation>أيام العمل المتبقية</translation>
    </message>
    <message>
      <source>Working…</source>
      <translation>جارٍ العمل…</translation>
    </message>
    <message>
      <source>Write the reason; it is required.</source>
      <translation>اكتب السبب؛ فهو إلزامي.</translation>
    </message>
    <message>
      <source>Writing the cash sheet…</source>
      <translation>جارٍ كتابة كشف الصندوق…</translation>
    </message>
    <message>
      <source>Writing the report…</source>
      <translation>جارٍ كتابة التقرير…</translation>
    </message>
    <message>
      <source>Written: {path}</source>
      <translation>كُتب الملف: {path}</translation>
    </message>
    <message>
      <source>Wrong user name or password</source>
      <translation>اسم المستخدم أو كلمة المرور غير صحيحة</translation>
    </message>
    <message>
      <source>YYYY-MM-DD or DD/MM/YYYY</source>
      <translation>YYYY-MM-DD أو DD/MM/YYYY</translation>
    </message>
    <message>
      <source>Year</source>
      <translation>السنة</translation>
    </message>
    <message>
      <source>a page with a receipt number that is not a cover sheet (a receipt or a copy?)</source>
      <translation>صفحة تحمل رقم إيصال وليست ورقة غلاف (إيصال أو صورة عنه؟)</translation>
    </message>
    <message>
      <source>admin</source>
      <translation>مدير النظام</translation>
    </message>
    <message>
      <source>agency</source>
      <translation>الجهة</translation>
    </message>
    <message>
      <source>already imported</source>
      <translation>مستورد سابقاً</translation>
    </message>
    <message>
      <source>ambiguous option: %(option)s could match %(matches)s</source>
      <translation>الخيار %(option)s ملتبس، فقد يعني: %(matches)s</translation>
    </message>
    <message>
      <source>and {n} more (in the workbook and on the desktop)</source>
      <translation>و{n} غيرها (في ملف Excel وعلى شاشة البرنامج)</translation>
    </message>
    <message>
      <source>archive</source>
      <translation>الأرشيف</translation>
    </message>
    <message>
      <source>archive box</source>
      <translation>صندوق أرشيف</translation>
    </message>
    <message>
      <source>argument %(argument_name)s: %(message)s</source>
      <translation>الخيار %(argument_name)s: %(message)s</translation>
    </message>
    <message>
      <source>as</source>
      <translation>المستخدم المنفِّذ</translation>
    </message>
    <message>
      <source>as typed</source>
      <translation>كما كُتب</translation>
    </message>
    <message>
      <source>at HQ, fetched with a later sync</source>
      <translation>في المركز الرئيسي، يُجلب في مزامنة لاحقة</translation>
    </message>
    <message>
      <source>attach_scan</source>
      <translation>إرفاق وثيقة ممسوحة</translation>
    </message>
    <message>
      <source>audit log</source>
      <translation>سجل التدقيق</translation>
    </message>
    <message>
      <source>audit log ends at row {last}, but HQ already holds row {held}: audit rows were removed</source>
      <translation>ينتهي سجل التدقيق عند القيد {last}، بينما تحتفظ الإدارة المركزية بالقيد {held}: حُذفت قيود تدقيق</translation>
    </message>
    <message>
      <source>audit row {held} is not the one HQ holds: the chain was rewritten</source>
      <translation>قيد التدقيق {held} غير القيد الذي تحتفظ به الإدارة المركزية: أُعيدت كتابة السلسلة</translation>
    </message>
    <message>
      <source>audit row {row}: carries no row hashes although rows since audit row {since} do (written outside the app)</source>
      <translation>قيد التدقيق {row}: لا يحمل بصمات الأسطر مع أن القيود منذ القيد {since} تحملها (كُتب من خارج البرنامج)</translation>
    </message>
    <message>
      <source>audit row {row}: chain broken (a row before it was removed)</source>
      <translation>قيد التدقيق {row}: السلسلة منقطعة (حُذف قيد قبله)</translation>
    </message>
    <message>
      <source>audit row {row}: content does not match its hash (altered)</source>
      <translation>قيد التدقيق {row}: محتواه لا يطابق بصمته (عُدِّل)</translation>
    </message>
    <message>
      <source>audit row {row}: its details are unreadable</source>
      <translation>قيد التدقيق {row}: تفاصيله غير مقروءة</translation>
    </message>
    <message>
      <source>audit row {row}: its row hashes are unreadable</source>
      <translation>قيد التدقيق {row}: بصمات الأسطر فيه غير مقروءة</translation>
    </message>
    <message>
      <source>before the first cover sheet</source>
      <translation>قبل أول ورقة غلاف</translation>
    </message>
    <message>
      <source>being received</source>
      <translation>قيد الاستلام</translation>
    </message>
    <message>
      <source>box_label</source>
      <translation>بطاقة صندوق</translation>
    </message>
    <message>
      <source>by</source>
      <translation>التجميع حسب</translation>
    </message>
    <message>
      <source>by name</source>
      <translation>حسب الاسم</translation>
    </message>
    <message>
      <source>by national number</source>
      <translation>حسب الرقم الوطني</translation>
    </message>
    <message>
      <source>by phone number</source>
      <translation>حسب رقم الهاتف</translation>
    </message>
    <message>
      <source>by receipt number</source>
      <translation>حسب رقم الإيصال</translation>
    </message>
    <message>
      <source>cancelled</source>
      <translation>ملغى</translation>
    </message>
    <message>
      <source>center</source>
      <translation>مركز</translation>
    </message>
    <message>
      <source>center_name</source>
      <translation>اسم المركز</translation>
    </message>
    <message>
      <source>change_status</source>
      <translation>تغيير حالة الطلب</translation>
    </message>
    <message>
      <source>clerk</source>
      <translation>موظف الكوة</translation>
    </message>
    <message>
      <source>closed</source>
      <translation>مغلقة</translation>
    </message>
    <message>
      <source>code</source>
      <translation>الرمز</translation>
    </message>
    <message>
      <source>collector</source>
      <translation>المستلم</translation>
    </message>
    <message>
      <source>complaint</source>
      <translation>شكوى</translation>
    </message>
    <message>
      <source>complete</source>
      <translation>كاملة</translation>
    </message>
    <message>
      <source>copy_kept</source>
      <translation>حفظ نسخة</translation>
    </message>
    <message>
      <source>count</source>
      <translation>العدد</translation>
    </message>
    <message>
      <source>cover</source>
      <translation>ورقة غلاف</translation>
    </message>
    <message>
      <source>cover sheet not readable</source>
      <translation>ورقة الغلاف غير مقروءة</translation>
    </message>
    <message>
      <source>cut short: audit rows were removed from this database; tell HQ</source>
      <translation>مبتور: حُذفت قيود تدقيق من قاعدة البيانات هذه؛ أبلغوا الإدارة المركزية</translation>
    </message>
    <message>
      <source>date</source>
      <translation>التاريخ</translation>
    </message>
    <message>
      <source>days</source>
      <translation>الأيام</translation>
    </message>
    <message>
      <source>delivered</source>
      <translation>مُسلَّم</translation>
    </message>
    <message>
      <source>diwan register entry</source>
      <translation>قيد في سجل الديوان</translation>
    </message>
    <message>
      <source>document type</source>
      <translation>نوع الوثيقة</translation>
    </message>
    <message>
      <source>documents</source>
      <translation>الوثائق</translation>
    </message>
    <message>
      <source>done</source>
      <translation>أُنجزت</translation>
    </message>
    <message>
      <source>done_late</source>
      <translation>منجزة بعد الموعد</translation>
    </message>
    <message>
      <source>done_on_time</source>
      <translation>منجزة في الموعد</translation>
    </message>
    <message>
      <source>e.g. counter 3 or ticket 127</source>
      <translation>مثلاً: الكوة 3 أو الدور 127</translation>
    </message>
    <message>
      <source>encrypted (key in the credential store)</source>
      <translation>مشفّرة (المفتاح في مخزن بيانات الاعتماد)</translation>
    </message>
    <message>
      <source>expected at least one argument</source>
      <translation>يلزم أن تليه قيمة واحدة على الأقل</translation>
    </message>
    <message>
      <source>expected at most one argument</source>
      <translation>تُقبل بعده قيمة واحدة على الأكثر</translation>
    </message>
    <message>
      <source>expected one argument</source>
      <translation>يلزم أن تليه قيمة واحدة</translation>
    </message>
    <message>
      <source>exported {time}</source>
      <translation>صُدّر في {time}</translation>
    </message>
    <message>
      <source>extra, not on the slip</source>
      <translation>زائد، ليس في القسيمة</translation>
    </message>
    <message>
      <source>failed</source>
      <translation>فشلت</translation>
    </message>
    <message>
      <source>failed {time}: {reason}</source>
      <translation>فشلت {time}: {reason}</translation>
    </message>
    <message>
      <source>fee payment</source>
      <translation>دفعة رسم</translation>
    </message>
    <message>
      <source>file in a handover batch</source>
      <translation>ملف في دفعة تسليم</translation>
    </message>
    <message>
      <source>file location in the archive</source>
      <translation>موقع ملف في الأرشيف</translation>
    </message>
    <message>
      <source>file {name} is kept unencrypted on an encrypted station: run `counter-app db encrypt` to encrypt it</source>
      <translation>الملف {name} محفوظ دون تشفير في محطة مشفَّرة: شغّل `counter-app db encrypt` لتشفيره</translation>
    </message>
    <message>
      <source>filed</source>
      <translation>أُلحق</translation>
    </message>
    <message>
      <source>filename</source>
      <translation>اسم الملف</translation>
    </message>
    <message>
      <source>flagged by HQ (rows removed or rewritten); an operator at HQ must look into it</source>
      <translation>عليه إشارة من الإدارة المركزية (قيود محذوفة أو أُعيدت كتابتها)؛ على مسؤول في الإدارة المركزية أن يراجعه</translation>
    </message>
    <message>
      <source>forwarded</source>
      <translation>محال إلى الجهة</translation>
    </message>
    <message>
      <source>free of charge</source>
      <translation>مجاناً</translation>
    </message>
    <message>
      <source>from</source>
      <translation>من تاريخ</translation>
    </message>
    <message>
      <source>from HQ, not applied</source>
      <translation>وارد من الإدارة المركزية، لم يُطبَّق</translation>
    </message>
    <message>
      <source>from {min} to {max}</source>
      <translation>من {min} إلى {max}</translation>
    </message>
    <message>
      <source>full_name</source>
      <translation>الاسم الكامل</translation>
    </message>
    <message>
      <source>handover</source>
      <translation>قسيمة تسليم</translation>
    </message>
    <message>
      <source>handover batch</source>
      <translation>دفعة تسليم</translation>
    </message>
    <message>
      <source>handover batch closed</source>
      <translation>إغلاق دفعة تسليم</translation>
    </message>
    <message>
      <source>handover batch opened</source>
      <translation>فتح دفعة تسليم</translation>
    </message>
    <message>
      <source>hot folder</source>
      <translation>المجلد المراقَب</translation>
    </message>
    <message>
      <source>ignored explicit argument %r</source>
      <translation>قيمة لا مكان لها: %r</translation>
    </message>
    <message>
      <source>import_history</source>
      <translation>استيراد السجلات الورقية</translation>
    </message>
    <message>
      <source>imported file</source>
      <translation>ملف مستورد</translation>
    </message>
    <message>
      <source>in_progress</source>
      <translation>قيد المعالجة</translation>
    </message>
    <message>
      <source>incomplete</source>
      <translation>ناقصة</translation>
    </message>
    <message>
      <source>interrupted</source>
      <translation>انقطعت</translation>
    </message>
    <message>
      <source>invalid %(type)s value: %(value)r</source>
      <translation>قيمة غير صالحة: %(value)r</translation>
    </message>
    <message>
      <source>invalid choice: %(value)r (choose from %(choices)s)</source>
      <translation>قيمة غير مقبولة: %(value)r (اختر من: %(choices)s)</translation>
    </message>
    <message>
      <source>it was opened without its key</source>
      <translation>فُتحت دون مفتاحها</translation>
    </message>
    <message>
      <source>label</source>
      <translation>البطاقة</translation>
    </message>
    <message>
      <source>last sync: {when}</source>
      <translation>آخر مزامنة: {when}</translation>
    </message>
    <message>
      <source>line</source>
      <translation>السطر</translation>
    </message>
    <message>
      <source>locked after inactivity</source>
      <translation>مقفلة بعد فترة خمول</translation>
    </message>
    <message>
      <source>manage_archive</source>
      <translation>إدارة الأرشيف</translation>
    </message>
    <message>
      <source>manage_catalog</source>
      <translation>إدارة دليل الخدمات</translation>
    </message>
    <message>
      <source>manage_database</source>
      <translation>إدارة قاعدة البيانات</translation>
    </message>
    <message>
      <source>manage_settings</source>
      <translation>تعديل إعدادات المحطة</translation>
    </message>
    <message>
      <source>manage_users</source>
      <translation>إدارة المستخدمين</translation>
    </message>
    <message>
      <source>media_type</source>
      <translation>نوع الملف</translation>
    </message>
    <message>
      <source>missing</source>
      <translation>غير مقدَّمة</translation>
    </message>
    <message>
      <source>missing from the batch</source>
      <translation>ناقص من الدفعة</translation>
    </message>
    <message>
      <source>missing: {receipts}</source>
      <translation>الناقص: {receipts}</translation>
    </message>
    <message>
      <source>name</source>
      <translation>الاسم</translation>
    </message>
    <message>
      <source>national_id</source>
      <translation>الرقم الوطني</translation>
    </message>
    <message>
      <source>needs_info</source>
      <translation>بحاجة إلى استكمال</translation>
    </message>
    <message>
      <source>never</source>
      <translation>لم تتم بعد</translation>
    </message>
    <message>
      <source>never: run `counter-app db key export --out FILE --as ADMIN` and keep the file offline (without it, a new PC opens neither this database nor its backups)</source>
      <translation>لم تُحفظ بعد: شغّل ‎`counter-app db key export --out FILE --as ADMIN`‎ واحفظ الملف بعيداً عن الحاسوب (بدونه لا يفتح حاسوبٌ جديد هذه القاعدة ولا نسخها الاحتياطية)</translation>
    </message>
    <message>
      <source>new request</source>
      <translation>طلب جديد</translation>
    </message>
    <message>
      <source>no</source>
      <translation>لا</translation>
    </message>
    <message>
      <source>no key of that name in the credential store</source>
      <translation>لا يوجد مفتاح بهذا الاسم في مخزن بيانات الاعتماد</translation>
    </message>
    <message>
      <source>no phone</source>
      <translation>لا هاتف</translation>
    </message>
    <message>
      <source>none yet</source>
      <translation>لا توجد بعد</translation>
    </message>
    <message>
      <source>not allowed with argument %s</source>
      <translation>لا يُسمح به مع الخيار %s</translation>
    </message>
    <message>
      <source>not encrypted</source>
      <translation>غير مشفّرة</translation>
    </message>
    <message>
      <source>not enrolled</source>
      <translation>غير مسجلة</translation>
    </message>
    <message>
      <source>not enrolled with HQ</source>
      <translation>غير مسجلة لدى الإدارة المركزية</translation>
    </message>
    <message>
      <source>not filed</source>
      <translation>لم يُلحق</translation>
    </message>
    <message>
      <source>not in a box</source>
      <translation>ليس في صندوق</translation>
    </message>
    <message>
      <source>not received yet</source>
      <translation>لم يصل بعد</translation>
    </message>
    <message>
      <source>not registered</source>
      <translation>غير مسجّل في الديوان</translation>
    </message>
    <message>
      <source>not secure</source>
      <translation>غير آمنة</translation>
    </message>
    <message>
      <source>not set up</source>
      <translation>غير مُعدّة</translation>
    </message>
    <message>
      <source>note</source>
      <translation>الملاحظة</translation>
    </message>
    <message>
      <source>offline</source>
      <translation>غير متصلة</translation>
    </message>
    <message>
      <source>one letter different</source>
      <translation>بفارق حرف واحد</translation>
    </message>
    <message>
      <source>one of the arguments %s is required</source>
      <translation>يلزم أحد الخيارات: %s</translation>
    </message>
    <message>
      <source>open</source>
      <translation>مفتوحة</translation>
    </message>
    <message>
      <source>opted out</source>
      <translation>رفض الرسائل</translation>
    </message>
    <message>
      <source>optional</source>
      <translation>اختيارية</translation>
    </message>
    <message>
      <source>original_seen</source>
      <translation>الاطلاع على الأصل</translation>
    </message>
    <message>
      <source>other spelling</source>
      <translation>كتابة أخرى للاسم</translation>
    </message>
    <message>
      <source>out of paper</source>
      <translation>نفد الورق</translation>
    </message>
    <message>
      <source>outbox row {row}: deleted after HQ acknowledged it</source>
      <translation>السطر {row} من جدول الصادر: حُذف بعد أن أكدت الإدارة المركزية استلامه</translation>
    </message>
    <message>
      <source>outbox row {row}: deleted before HQ acknowledged it (audit row {audit}): the change it carried never reached HQ</source>
      <translation>السطر {row} من جدول الصادر: حُذف قبل أن تؤكد الإدارة المركزية استلامه (قيد التدقيق {audit}): التغيير الذي يحمله لم يصل إلى الإدارة المركزية قط</translation>
    </message>
    <message>
      <source>outbox row {row}: its payload does not match its SHA-256 (altered)</source>
      <translation>السطر {row} من جدول الصادر: محتواه لا يطابق بصمة SHA-256 الخاصة به (عُدِّل)</translation>
    </message>
    <message>
      <source>outcome</source>
      <translation>نتيجة الاتصال</translation>
    </message>
    <message>
      <source>overdue</source>
      <translation>متأخرة عن الموعد</translation>
    </message>
    <message>
      <source>page {page} unfiled ({reason}): number {id} in the unfiled queue</source>
      <translation>الصفحة {page} غير مُلحقة ({reason}): رقمها {id} في قائمة الصفحات غير المُلحقة</translation>
    </message>
    <message>
      <source>paper_ref</source>
      <translation>المرجع الورقي</translation>
    </message>
    <message>
      <source>paper_ref {ref} appears twice in the file (line {other})</source>
      <translation>القيمة paper_ref {ref} مكررة في الملف (السطر {other})</translation>
    </message>
    <message>
      <source>paper_ref {ref} was already imported</source>
      <translation>القيمة paper_ref {ref} مستوردة مسبقاً</translation>
    </message>
    <message>
      <source>partly filed</source>
      <translation>أُلحق جزئياً</translation>
    </message>
    <message>
      <source>password</source>
      <translation>كلمة المرور</translation>
    </message>
    <message>
      <source>phone</source>
      <translation>رقم الهاتف</translation>
    </message>
    <message>
      <source>print</source>
      <translation>الطباعة</translation>
    </message>
    <message>
      <source>printer error</source>
      <translation>خطأ في الطابعة</translation>
    </message>
    <message>
      <source>printing</source>
      <translation>تطبع الآن</translation>
    </message>
    <message>
      <source>proxy_name</source>
      <translation>اسم الوكيل</translation>
    </message>
    <message>
      <source>proxy_national_id</source>
      <translation>الرقم الوطني للوكيل</translation>
    </message>
    <message>
      <source>quarantined</source>
      <translation>معزول</translation>
    </message>
    <message>
      <source>query</source>
      <translation>نص البحث</translation>
    </message>
    <message>
      <source>queued</source>
      <translation>بالانتظار</translation>
    </message>
    <message>
      <source>ready</source>
      <translation>جاهز للتسليم</translation>
    </message>
    <message>
      <source>ready to print</source>
      <translation>جاهزة للطباعة</translation>
    </message>
    <message>
      <source>reason</source>
      <translation>السبب</translation>
    </message>
    <message>
      <source>receipt</source>
      <translation>رقم الإيصال</translation>
    </message>
    <message>
      <source>receive_handover</source>
      <translation>استلام التسليمات</translation>
    </message>
    <message>
      <source>received</source>
      <translation>وصل</translation>
    </message>
    <message>
      <source>received_at</source>
      <translation>تاريخ الاستلام</translation>
    </message>
    <message>
      <source>reception</source>
      <translation>الاستعلامات</translation>
    </message>
    <message>
      <source>record_payment</source>
      <translation>تسجيل دفع الرسم</translation>
    </message>
    <message>
      <source>rejected</source>
      <translation>مرفوض</translation>
    </message>
    <message>
      <source>removed: the station keeps it encrypted</source>
      <translation>حُذف: المحطة تحفظه مشفَّراً</translation>
    </message>
    <message>
      <source>request not at this station</source>
      <translation>طلب غير موجود في هذه المحطة</translation>
    </message>
    <message>
      <source>request status change</source>
      <translation>تغيير حالة طلب</translation>
    </message>
    <message>
      <source>request {row}: its report milestones (request_milestones) do not match its history; the reports count from them: run `counter-app db rebuild-milestones`</source>
      <translation>الطلب {row}: مراحله المحفوظة للتقارير (request_milestones) لا تطابق سجلّ خطواته، والتقارير تُحسب منها: شغّل `counter-app db rebuild-milestones`</translation>
    </message>
    <message>
      <source>request_milestones row {row}: no such request; the reports count from this table: run `counter-app db rebuild-milestones`</source>
      <translation>صفّ request_milestones رقم {row}: لا طلب بهذا الرقم، والتقارير تُحسب من هذا الجدول: شغّل `counter-app db rebuild-milestones`</translation>
    </message>
    <message>
      <source>rewritten: the chain here differs from the one HQ holds; tell HQ</source>
      <translation>أُعيدت كتابته: السلسلة هنا تختلف عن التي تحتفظ بها الإدارة المركزية؛ أبلغوا الإدارة المركزية</translation>
    </message>
    <message>
      <source>scan attached to a request</source>
      <translation>مسح ضوئي مرفق بطلب</translation>
    </message>
    <message>
      <source>scan_pending</source>
      <translation>بانتظار المسح الضوئي</translation>
    </message>
    <message>
      <source>scan_required</source>
      <translation>مسح ضوئي إلزامي</translation>
    </message>
    <message>
      <source>scanned</source>
      <translation>ممسوحة ضوئياً</translation>
    </message>
    <message>
      <source>scanner</source>
      <translation>الماسح الضوئي</translation>
    </message>
    <message>
      <source>search</source>
      <translation>البحث</translation>
    </message>
    <message>
      <source>send_handover</source>
      <translation>إرسال التسليمات</translation>
    </message>
    <message>
      <source>sending</source>
      <translation>قيد الإرسال</translation>
    </message>
    <message>
      <source>sent</source>
      <translation>أُرسلت</translation>
    </message>
    <message>
      <source>sent, refused by HQ</source>
      <translation>مُرسَل، رفضته الإدارة المركزية</translation>
    </message>
    <message>
      <source>service</source>
      <translation>خدمة</translation>
    </message>
    <message>
      <source>service catalog from HQ</source>
      <translation>دليل خدمات وارد من الإدارة المركزية</translation>
    </message>
    <message>
      <source>service_code</source>
      <translation>رمز الخدمة</translation>
    </message>
    <message>
      <source>service_name_ar</source>
      <translation>اسم الخدمة (بالعربية)</translation>
    </message>
    <message>
      <source>service_name_en</source>
      <translation>اسم الخدمة (بالإنكليزية)</translation>
    </message>
    <message>
      <source>shelf</source>
      <translation>الرف</translation>
    </message>
    <message>
      <source>slip</source>
      <translation>قسيمة الوثائق</translation>
    </message>
    <message>
      <source>state unknown</source>
      <translation>الحالة غير معروفة</translation>
    </message>
    <message>
      <source>station</source>
      <translation>رقم محطة العمل</translation>
    </message>
    <message>
      <source>station number retired (a receipt number issued twice): enroll under a new number</source>
      <translation>رقم المحطة موقوف نهائيًا (صدر رقم إيصال مرتين): سجّلها برقم جديد</translation>
    </message>
    <message>
      <source>station number retired (audit log rewritten): enroll under a new number</source>
      <translation>رقم المحطة موقوف نهائيًا (أعيدت كتابة سجل التدقيق): سجّلها برقم جديد</translation>
    </message>
    <message>
      <source>station number retired (database restored): enroll under a new number</source>
      <translation>رقم المحطة موقوف نهائيًا (استُعيدت قاعدة البيانات): سجّلها برقم جديد</translation>
    </message>
    <message>
      <source>station number retired (older copy of the database): enroll under a new number</source>
      <translation>رقم المحطة موقوف نهائيًا (نسخة أقدم من قاعدة البيانات): سجّلها برقم جديد</translation>
    </message>
    <message>
      <source>status</source>
      <translation>الحالة</translation>
    </message>
    <message>
      <source>status change from HQ</source>
      <translation>تغيير حالة وارد من الإدارة المركزية</translation>
    </message>
    <message>
      <source>status_at is earlier than received_at</source>
      <translation>قيمة status_at أسبق من قيمة received_at</translation>
    </message>
    <message>
      <source>stored as {name}</source>
      <translation>محفوظ باسم {name}</translation>
    </message>
    <message>
      <source>subject</source>
      <translation>الموضوع</translation>
    </message>
    <message>
      <source>submit_request</source>
      <translation>تقديم طلب</translation>
    </message>
    <message>
      <source>submitted</source>
      <translation>مقدَّم</translation>
    </message>
    <message>
      <source>supervisor</source>
      <translation>المشرف</translation>
    </message>
    <message>
      <source>sync failing: {reason}</source>
      <translation>تعذّرت المزامنة: {reason}</translation>
    </message>
    <message>
      <source>the audit log is empty although the station has users: it was deleted</source>
      <translation>سجل التدقيق فارغ مع أن للمحطة مستخدمين: لقد حُذف</translation>
    </message>
    <message>
      <source>the credential store holding the database key cannot be read ({detail})</source>
      <translation>تتعذّر قراءة مخزن بيانات الاعتماد الذي يحفظ مفتاح قاعدة البيانات ({detail})</translation>
    </message>
    <message>
      <source>the database is encrypted and its key is not available on this computer: import it with `counter-app db key import`</source>
      <translation>قاعدة البيانات مشفّرة ومفتاحها غير متاح على هذا الحاسوب: استورده بالأمر `counter-app db key import`</translation>
    </message>
    <message>
      <source>the database is not encrypted although its key's name lies beside it (an interrupted `counter-app db encrypt`?): run `counter-app db encrypt` again</source>
      <translation>قاعدة البيانات غير مشفّرة مع أن اسم مفتاحها موجود بجانبها (هل انقطع `counter-app db encrypt`؟): شغّل `counter-app db encrypt` مجدداً</translation>
    </message>
    <message>
      <source>the following arguments are required: %s</source>
      <translation>هذه المُدخلات مطلوبة: %s</translation>
    </message>
    <message>
      <source>the key could not be read back</source>
      <translation>تعذّرت قراءة المفتاح بعد حفظه</translation>
    </message>
    <message>
      <source>the key kept for the database does not open it (another station's key?): import the right one with `counter-app db key import`</source>
      <translation>المفتاح المحفوظ لقاعدة البيانات لا يفتحها (مفتاح محطة أخرى؟): استورد المفتاح الصحيح بالأمر `counter-app db key import`</translation>
    </message>
    <message>
      <source>the key's name file beside it is damaged</source>
      <translation>ملف اسم المفتاح بجانبها تالف</translation>
    </message>
    <message>
      <source>the key's name file beside it is missing</source>
      <translation>ملف اسم المفتاح بجانبها مفقود</translation>
    </message>
    <message>
      <source>the lists differ although the counts agree</source>
      <translation>القوائم مختلفة مع أن الأعداد متساوية</translation>
    </message>
    <message>
      <source>the stored key is not readable</source>
      <translation>المفتاح المحفوظ غير مقروء</translation>
    </message>
    <message>
      <source>to</source>
      <translation>إلى تاريخ</translation>
    </message>
    <message>
      <source>today {time}</source>
      <translation>اليوم {time}</translation>
    </message>
    <message>
      <source>unrecognized arguments: %s</source>
      <translation>مُدخلات غير معروفة: %s</translation>
    </message>
    <message>
      <source>url</source>
      <translation>العنوان</translation>
    </message>
    <message>
      <source>username</source>
      <translation>اسم المستخدم</translation>
    </message>
    <message>
      <source>view_archive</source>
      <translation>عرض الأرشيف (الديوان والصناديق والمسح)</translation>
    </message>
    <message>
      <source>view_calls</source>
      <translation>عرض قائمة الاتصال بالمواطنين</translation>
    </message>
    <message>
      <source>view_cash</source>
      <translation>عرض كشف الصندوق اليومي</translation>
    </message>
    <message>
      <source>view_catalog</source>
      <translation>عرض دليل الخدمات</translation>
    </message>
    <message>
      <source>view_files</source>
      <translation>فتح ملفات الطلبات (المسح الضوئي وملفات الردود)</translation>
    </message>
    <message>
      <source>view_handover</source>
      <translation>عرض دفعات التسليم إلى الأرشيف</translation>
    </message>
    <message>
      <source>view_print_queue</source>
      <translation>عرض قائمة الطباعة</translation>
    </message>
    <message>
      <source>view_reports</source>
      <translation>عرض التقارير</translation>
    </message>
    <message>
      <source>view_requests</source>
      <translation>عرض الطلبات</translation>
    </message>
    <message>
      <source>view_settings</source>
      <translation>عرض إعدادات المحطة</translation>
    </message>
    <message>
      <source>view_station</source>
      <translation>عرض بيانات المحطة</translation>
    </message>
    <message>
      <source>view_sync</source>
      <translation>عرض حالة المزامنة</translation>
    </message>
    <message>
      <source>view_users</source>
      <translation>عرض حسابات المستخدمين</translation>
    </message>
    <message>
      <source>waived</source>
      <translation>مُعفى منها</translation>
    </message>
    <message>
      <source>yes</source>
      <translation>نعم</translation>
    </message>
    <message>
      <source>yesterday {time}</source>
      <translation>أمس {time}</translation>
    </message>
    <message>
      <source>{agency} asks for information</source>
      <translation>مطلوب استكمال معلومات لدى {agency}</translation>
    </message>
    <message>
      <source>{amount} SYP</source>
      <translation>{amount} ل.س</translation>
    </message>
    <message>
      <source>{calls} calls, {sms} SMS</source>
      <translation>{calls} اتصالاً، {sms} رسالة نصية</translation>
    </message>
    <message>
      <source>{center}: from {start} to {end}</source>
      <translation>{center}: من {start} إلى {end}</translation>
    </message>
    <message>
      <source>{count} page(s) before the first cover sheet wait in the unfiled queue</source>
      <translation>{count} صفحة قبل أول ورقة غلاف تنتظر في قائمة الصفحات غير المُلحقة</translation>
    </message>
    <message>
      <source>{field}: HQ's address must start with https:// (plain http only to this computer, for tests)</source>
      <translation>{field}: يجب أن يبدأ عنوان الإدارة المركزية بـ https:// (لا يُسمح بـ http غير المشفّر إلا إلى هذا الحاسوب نفسه، للاختبار)</translation>
    </message>
    <message>
      <source>{field}: a center code is 2 to 6 Latin letters, e.g. MZH</source>
      <translation>{field}: رمز المركز من 2 إلى 6 أحرف لاتينية، مثل MZH</translation>
    </message>
    <message>
      <source>{field}: a name cannot contain digits</source>
      <translation>{field}: لا يجوز أن يحتوي الاسم على أرقام</translation>
    </message>
    <message>
      <source>{field}: a name must contain letters</source>
      <translation>{field}: يجب أن يحتوي الاسم على أحرف</translation>
    </message>
    <message>
      <source>{field}: a national number has 11 digits, {value} has {count}</source>
      <translation>{field}: الرقم الوطني مؤلف من 11 رقماً، والقيمة {value} عدد أرقامها {count}</translation>
    </message>
    <message>
      <source>{field}: a national number has digits only, {value} has other characters</source>
      <translation>{field}: الرقم الوطني يتكون من أرقام فقط، والقيمة {value} تحتوي على محارف أخرى</translation>
    </message>
    <message>
      <source>{field}: a station number is 1 to 99</source>
      <translation>{field}: رقم محطة العمل من 1 إلى 99</translation>
    </message>
    <message>
      <source>{field}: an enrollment code has 8 to 64 characters</source>
      <translation>{field}: رمز التسجيل من 8 إلى 64 محرفاً</translation>
    </message>
    <message>
      <source>{field}: at most {limit} characters, {count} given</source>
      <translation>{field}: الحد الأقصى لعدد المحارف {limit}، والمُدخل {count}</translation>
    </message>
    <message>
      <source>{field}: between 1 and 366 days</source>
      <translation>{field}: من 1 إلى 366 يوماً</translation>
    </message>
    <message>
      <source>{field}: contains control characters that cannot be stored</source>
      <translation>{field}: يحتوي على محارف تحكم لا يمكن حفظها</translation>
    </message>
    <message>
      <source>{field}: give HQ's address as https://host[:port]</source>
      <translation>{field}: اكتب عنوان الإدارة المركزية بالشكل https://host[:port]</translation>
    </message>
    <message>
      <source>{field}: must be at least {min}</source>
      <translation>{field}: يجب ألا تقل القيمة عن {min}</translation>
    </message>
    <message>
      <source>{field}: must be at most {max}</source>
      <translation>{field}: يجب ألا تزيد القيمة على {max}</translation>
    </message>
    <message>
      <source>{field}: service {service} has no such field</source>
      <translation>{field}: لا يوجد حقل بهذا الاسم في الخدمة {service}</translation>
    </message>
    <message>
      <source>{field}: the certificate authority file cannot be read: {detail}</source>
      <translation>{field}: تعذّرت قراءة ملف جهة التصديق: {detail}</translation>
    </message>
    <message>
      <source>{field}: the certificate authority file holds no usable certificate: {detail}</source>
      <translation>{field}: لا يحوي ملف جهة التصديق شهادة صالحة للاستعمال: {detail}</translation>
    </message>
    <message>
      <source>{field}: the file is not a certificate authority in PEM form</source>
      <translation>{field}: الملف ليس شهادة جهة تصديق بصيغة PEM</translation>
    </message>
    <message>
      <source>{field}: the year {year} is out of range</source>
      <translation>{field}: السنة {year} خارج النطاق المسموح</translation>
    </message>
    <message>
      <source>{field}: this field is required</source>
      <translation>{field}: هذا الحقل إلزامي</translation>
    </message>
    <message>
      <source>{field}: {value} is not a Syrian mobile number (09XXXXXXXX)</source>
      <translation>{field}: {value} ليس رقم هاتف محمول سورياً (09XXXXXXXX)</translation>
    </message>
    <message>
      <source>{field}: {value} is not a date (use YYYY-MM-DD or DD/MM/YYYY)</source>
      <translation>{field}: {value} ليس تاريخاً (استخدم YYYY-MM-DD أو DD/MM/YYYY)</translation>
    </message>
    <message>
      <source>{field}: {value} is not a number</source>
      <translation>{field}: {value} ليس رقماً</translation>
    </message>
    <message>
      <source>{field}: {value} is not a real calendar date</source>
      <translation>{field}: {value} ليس تاريخاً موجوداً في التقويم</translation>
    </message>
    <message>
      <source>{field}: {value} is not a time of day (HH:MM)</source>
      <translation>{field}: {value} ليس وقتاً صحيحاً (HH:MM)</translation>
    </message>
    <message>
      <source>{field}: {value} is not one of the choices ({allowed})</source>
      <translation>{field}: {value} ليس من الخيارات المتاحة ({allowed})</translation>
    </message>
    <message>
      <source>{field}: {value} is too far back</source>
      <translation>{field}: {value} بعيد جداً في الماضي</translation>
    </message>
    <message>
      <source>{file}, page {page}</source>
      <translation>{file}، الصفحة {page}</translation>
    </message>
    <message numerus="yes">
      <source>{file}: {status}, {n} pages</source>
      <translation>
        <numerusform>{file}: {status}، لا صفحات</numerusform>
        <numerusform>{file}: {status}، صفحة واحدة</numerusform>
        <numerusform>{file}: {status}، صفحتان</numerusform>
        <numerusform>{file}: {status}، {n} صفحات</numerusform>
        <numerusform>{file}: {status}، {n} صفحةً</numerusform>
        <numerusform>{file}: {status}، {n} صفحة</numerusform>
      </translation>
    </message>
    <message>
      <source>{file}: {status}. {pages} pages, {filed} documents filed, {unfiled} unfiled.</source>
      <translation>{file}: {status}. {pages} صفحة، أُلحقت {filed} وثيقة، وبقيت {unfiled} غير مُلحقة.</translation>
    </message>
    <message>
      <source>{how}, {when} by {user}</source>
      <translation>{how}، {when}، سجّله {user}</translation>
    </message>
    <message>
      <source>{location}: {detail}</source>
      <translation>{location}: {detail}</translation>
    </message>
    <message>
      <source>{name} = {value}</source>
      <translation>{name} = {value}</translation>
    </message>
    <message>
      <source>{name} is the start of more than one stored file's name; give more of it</source>
      <translation>{name} بداية اسم أكثر من ملف محفوظ؛ اكتب جزءاً أطول منه</translation>
    </message>
    <message>
      <source>{number}: {subject} ({receipt}, {name})</source>
      <translation>{number}: {subject} ({receipt}، {name})</translation>
    </message>
    <message numerus="yes">
      <source>{n} entries still need attention</source>
      <translation>
        <numerusform>لا مُدخلات بحاجة إلى استكمال</numerusform>
        <numerusform>بقي مُدخل واحد بحاجة إلى استكمال</numerusform>
        <numerusform>بقي مُدخلان بحاجة إلى استكمال</numerusform>
        <numerusform>بقيت {n} مُدخلات بحاجة إلى استكمال</numerusform>
        <numerusform>بقي {n} مُدخلاً بحاجة إلى استكمال</numerusform>
        <numerusform>بقي {n} مُدخل بحاجة إلى استكمال</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>{n} files of today not handed over yet</source>
      <translation>
        <numerusform>لا ملفات من اليوم بانتظار التسليم</numerusform>
        <numerusform>ملف واحد من اليوم لم يُسلَّم بعد</numerusform>
        <numerusform>ملفان من اليوم لم يُسلَّما بعد</numerusform>
        <numerusform>{n} ملفات من اليوم لم تُسلَّم بعد</numerusform>
        <numerusform>{n} ملفاً من اليوم لم تُسلَّم بعد</numerusform>
        <numerusform>{n} ملف من اليوم لم تُسلَّم بعد</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>{n} found ({kind})</source>
      <translation>
        <numerusform>لا نتائج ({kind})</numerusform>
        <numerusform>نتيجة واحدة ({kind})</numerusform>
        <numerusform>نتيجتان ({kind})</numerusform>
        <numerusform>{n} نتائج ({kind})</numerusform>
        <numerusform>{n} نتيجةً ({kind})</numerusform>
        <numerusform>{n} نتيجة ({kind})</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>{n} items need a person</source>
      <translation>
        <numerusform>لا عناصر بحاجة إلى موظف</numerusform>
        <numerusform>عنصر واحد بحاجة إلى موظف</numerusform>
        <numerusform>عنصران بحاجة إلى موظف</numerusform>
        <numerusform>{n} عناصر بحاجة إلى موظف</numerusform>
        <numerusform>{n} عنصراً بحاجة إلى موظف</numerusform>
        <numerusform>{n} عنصر بحاجة إلى موظف</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>{n} jobs waiting</source>
      <translation>
        <numerusform>لا مهام بالانتظار</numerusform>
        <numerusform>مهمة واحدة بالانتظار</numerusform>
        <numerusform>مهمتان بالانتظار</numerusform>
        <numerusform>{n} مهام بالانتظار</numerusform>
        <numerusform>{n} مهمةً بالانتظار</numerusform>
        <numerusform>{n} مهمة بالانتظار</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>{n} pages filed under {receipt} ({doc}).</source>
      <translation>
        <numerusform>لم تُلحق أي صفحة بالطلب {receipt} ({doc}).</numerusform>
        <numerusform>أُلحقت صفحة واحدة بالطلب {receipt} ({doc}).</numerusform>
        <numerusform>أُلحقت صفحتان بالطلب {receipt} ({doc}).</numerusform>
        <numerusform>أُلحقت {n} صفحات بالطلب {receipt} ({doc}).</numerusform>
        <numerusform>أُلحقت {n} صفحةً بالطلب {receipt} ({doc}).</numerusform>
        <numerusform>أُلحقت {n} صفحة بالطلب {receipt} ({doc}).</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>{n} pages wait for a person</source>
      <translation>
        <numerusform>لا صفحات بانتظار موظف</numerusform>
        <numerusform>صفحة واحدة بانتظار موظف</numerusform>
        <numerusform>صفحتان بانتظار موظف</numerusform>
        <numerusform>{n} صفحات بانتظار موظف</numerusform>
        <numerusform>{n} صفحةً بانتظار موظف</numerusform>
        <numerusform>{n} صفحة بانتظار موظف</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>{n} print jobs waiting</source>
      <translation>
        <numerusform>لا مهام طباعة بالانتظار</numerusform>
        <numerusform>مهمة طباعة واحدة بالانتظار</numerusform>
        <numerusform>مهمتا طباعة بالانتظار</numerusform>
        <numerusform>{n} مهام طباعة بالانتظار</numerusform>
        <numerusform>{n} مهمة طباعة بالانتظار</numerusform>
        <numerusform>{n} مهمة طباعة بالانتظار</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>{n} requests imported.</source>
      <translation>
        <numerusform>لم يُستورد أي طلب.</numerusform>
        <numerusform>استُورد طلب واحد.</numerusform>
        <numerusform>استُورد طلبان.</numerusform>
        <numerusform>استُوردت {n} طلبات.</numerusform>
        <numerusform>استُورد {n} طلباً.</numerusform>
        <numerusform>استُورد {n} طلب.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>{n} requests saved after the backup are not in the restored database.</source>
      <translation>
        <numerusform>لا ينقص قاعدةَ البيانات المستعادة أيُّ طلب حُفظ بعد النسخة الاحتياطية.</numerusform>
        <numerusform>طلب واحد حُفظ بعد النسخة الاحتياطية ليس في قاعدة البيانات المستعادة.</numerusform>
        <numerusform>طلبان حُفظا بعد النسخة الاحتياطية ليسا في قاعدة البيانات المستعادة.</numerusform>
        <numerusform>{n} طلبات حُفظت بعد النسخة الاحتياطية ليست في قاعدة البيانات المستعادة.</numerusform>
        <numerusform>{n} طلباً حُفظت بعد النسخة الاحتياطية ليست في قاعدة البيانات المستعادة.</numerusform>
        <numerusform>{n} طلب حُفظت بعد النسخة الاحتياطية ليست في قاعدة البيانات المستعادة.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>{n} requests to call</source>
      <translation>
        <numerusform>لا طلبات للاتصال</numerusform>
        <numerusform>طلب واحد للاتصال</numerusform>
        <numerusform>طلبان للاتصال</numerusform>
        <numerusform>{n} طلبات للاتصال</numerusform>
        <numerusform>{n} طلباً للاتصال</numerusform>
        <numerusform>{n} طلب للاتصال</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>{n} working days</source>
      <translation>
        <numerusform>في يوم العمل نفسه</numerusform>
        <numerusform>يوم عمل واحد</numerusform>
        <numerusform>يوما عمل</numerusform>
        <numerusform>{n} أيام عمل</numerusform>
        <numerusform>{n} يوم عمل</numerusform>
        <numerusform>{n} يوم عمل</numerusform>
      </translation>
    </message>
    <message>
      <source>{on_time} of {done}</source>
      <translation>{on_time} من {done}</translation>
    </message>
    <message>
      <source>{option} expects KEY=VALUE, got {value}</source>
      <translation>الخيار {option} يتطلب الصيغة KEY=VALUE، والقيمة المُدخلة {value}</translation>
    </message>
    <message>
      <source>{option}: {value} is not an amount in Syrian pounds</source>
      <translation>{option}: {value} ليس مبلغاً بالليرة السورية</translation>
    </message>
    <message>
      <source>{os_user} has no automation account</source>
      <translation>ليس لـ {os_user} حساب أتمتة</translation>
    </message>
    <message>
      <source>{os_user} may already act as {user}</source>
      <translation>يمكن لـ {os_user} أن يعمل باسم {user} من قبل</translation>
    </message>
    <message>
      <source>{os_user} may no longer act as {user} without a password.</source>
      <translation>لم يعد بإمكان {os_user} أن يعمل باسم {user} دون كلمة مرور.</translation>
    </message>
    <message>
      <source>{path} already exists; nothing was written (choose a new file name)</source>
      <translation>{path} موجود مسبقاً؛ لم يُكتب شيء (اختر اسم ملف جديداً)</translation>
    </message>
    <message>
      <source>{path} cannot be read as a counter database: {detail}</source>
      <translation>تعذّرت قراءة {path} كقاعدة بيانات لهذا البرنامج: {detail}</translation>
    </message>
    <message>
      <source>{path} is a folder, not a database file</source>
      <translation>{path} مجلد وليس ملف قاعدة بيانات</translation>
    </message>
    <message>
      <source>{path} is a folder; give a file name to export to</source>
      <translation>{path} مجلد؛ اكتب اسم ملف للتصدير إليه</translation>
    </message>
    <message>
      <source>{path} is not a counter database (not SQLite)</source>
      <translation>{path} ليس قاعدة بيانات لهذا البرنامج (ليس ملف SQLite)</translation>
    </message>
    <message>
      <source>{path} is not a database key exported by `counter-app db key export`</source>
      <translation>{path} ليس مفتاح قاعدة بيانات صدّره الأمر `counter-app db key export`</translation>
    </message>
    <message>
      <source>{path} is not a file</source>
      <translation>{path} ليس ملفاً</translation>
    </message>
    <message>
      <source>{path} is not a folder</source>
      <translation>{path} ليس مجلداً</translation>
    </message>
    <message>
      <source>{path} is still being written; try again when the scanner has finished</source>
      <translation>ما زال {path} قيد الكتابة؛ حاول مجدداً عندما ينتهي الماسح</translation>
    </message>
    <message>
      <source>{receipt} ({register}) is in box {box} on shelf {shelf}</source>
      <translation>{receipt} ({register}) في الصندوق {box} على الرف {shelf}</translation>
    </message>
    <message>
      <source>{receipt} ({register}): not in a box yet</source>
      <translation>{receipt} ({register}): ليس في صندوق بعد</translation>
    </message>
    <message>
      <source>{receipt} is not on this slip: recorded as extra</source>
      <translation>{receipt} ليس في هذه القسيمة: سُجّل زائداً</translation>
    </message>
    <message>
      <source>{receipt} is registered as {number}: write it on the paper.</source>
      <translation>سُجّل {receipt} برقم {number}: اكتبه على الورقة.</translation>
    </message>
    <message>
      <source>{receipt} received</source>
      <translation>وصل {receipt}</translation>
    </message>
    <message>
      <source>{receipt}: {outcome}</source>
      <translation>{receipt}: {outcome}</translation>
    </message>
    <message>
      <source>{ref} is a receipt number, but a required-documents slip is printed for a service: give a service code (counter-app catalog list), or print the request's receipt or cover sheet</source>
      <translation>{ref} رقم إيصال، أما قسيمة الوثائق المطلوبة فتُطبع لخدمة لا لطلب: أدخل رمز الخدمة (انظر counter-app catalog list)، أو اطبع إيصال الطلب أو ورقة غلافه</translation>
    </message>
    <message>
      <source>{ref} is a service code, but receipts and cover sheets are printed for a request: give its receipt number (a service's required-documents slip is the kind slip)</source>
      <translation>{ref} رمز خدمة، أما الإيصال وورقة الغلاف فيُطبعان لطلب: أدخل رقم إيصال الطلب (قسيمة الوثائق المطلوبة لخدمة هي النوع slip)</translation>
    </message>
    <message>
      <source>{ref}: a cover sheet with no pages after it</source>
      <translation>{ref}: ورقة غلاف لا تليها أي صفحة</translation>
    </message>
    <message>
      <source>{ref}: pages {pages} filed as {doc}</source>
      <translation>{ref}: أُلحقت الصفحات {pages} بوصفها {doc}</translation>
    </message>
    <message>
      <source>{start} to {end}: {received} received, on time {pct}, {overdue} overdue, {soon} due soon</source>
      <translation>من {start} إلى {end}: استُلم {received}، نسبة الإنجاز في الموعد {pct}، المتأخرة {overdue}، المستحقة قريباً {soon}</translation>
    </message>
    <message>
      <source>{table} row {row} refers to a missing {parent} row</source>
      <translation>السطر {row} من الجدول {table} يشير إلى سطر غير موجود في الجدول {parent}</translation>
    </message>
    <message>
      <source>{table} row {row}: audit row {audit} recorded its deletion, yet it exists (written outside the app)</source>
      <translation>السطر {row} من الجدول {table}: سجّل قيد التدقيق {audit} حذفه، ومع ذلك هو موجود (كُتب من خارج البرنامج)</translation>
    </message>
    <message>
      <source>{table} row {row}: changed since audit row {audit} recorded it</source>
      <translation>السطر {row} من الجدول {table}: تغيّر منذ أن سجّله قيد التدقيق {audit}</translation>
    </message>
    <message>
      <source>{table} row {row}: deleted (audit row {audit} records it)</source>
      <translation>السطر {row} من الجدول {table}: محذوف (يسجّله قيد التدقيق {audit})</translation>
    </message>
    <message>
      <source>{table} row {row}: its file {name} is damaged (it does not match its name)</source>
      <translation>{table} السطر {row}: ملفه {name} تالف (لا يطابق اسمه)</translation>
    </message>
    <message>
      <source>{table} row {row}: its file {name} is encrypted with another key than this station's</source>
      <translation>{table} السطر {row}: ملفه {name} مشفَّر بمفتاح غير مفتاح هذه المحطة</translation>
    </message>
    <message>
      <source>{table} row {row}: its file {name} is missing</source>
      <translation>{table} السطر {row}: ملفه {name} مفقود</translation>
    </message>
    <message>
      <source>{table} row {row}: no audit row records it (written outside the app)</source>
      <translation>السطر {row} من الجدول {table}: لا يسجّله أي قيد تدقيق (كُتب من خارج البرنامج)</translation>
    </message>
    <message>
      <source>{time}, verified</source>
      <translation>{time}، تُحقّق منها</translation>
    </message>
    <message>
      <source>{value} is neither a national number (11 digits) nor a mobile number</source>
      <translation>{value} ليس رقماً وطنياً (11 رقماً) ولا رقم هاتف محمول</translation>
    </message>
    <message>
      <source>{value} is not a bank receipt number (3 to 30 letters and digits, with at least one digit)</source>
      <translation>{value} ليس رقم إيصال مصرف (من 3 إلى 30 حرفاً لاتينياً أو رقماً، فيها رقم واحد على الأقل)</translation>
    </message>
    <message>
      <source>{value} is not a box code: 1 to 20 Latin letters, digits or hyphens</source>
      <translation>{value} ليس رمز صندوق: من 1 إلى 20 حرفاً لاتينياً أو رقماً أو شرطة</translation>
    </message>
    <message>
      <source>{value} is not a handover batch number (like HO-MZH-02-261122-01-38)</source>
      <translation>{value} ليس رقم دفعة تسليم (مثل HO-MZH-02-261122-01-38)</translation>
    </message>
    <message>
      <source>{value} is not a page number or range (like 12, 12,13 or 12-15)</source>
      <translation>{value} ليس رقم صفحة أو مجالاً (مثل 12 أو 12,13 أو 12-15)</translation>
    </message>
    <message>
      <source>{value} is not a printer; write BACKEND:NAME with BACKEND one of {allowed}</source>
      <translation>{value} ليست طابعة؛ اكتب BACKEND:NAME حيث BACKEND أحد: {allowed}</translation>
    </message>
    <message>
      <source>{value} is not a receipt number (like MZH-02-26-000123-52)</source>
      <translation>{value} ليس رقم إيصال (مثل MZH-02-26-000123-52)</translation>
    </message>
    <message>
      <source>{value} is not a register number (like 1234/2026)</source>
      <translation>{value} ليس رقم ديوان (مثل 1234/2026)</translation>
    </message>
    <message>
      <source>{value} is not a valid value for {name}</source>
      <translation>{value} ليست قيمة صالحة للإعداد {name}</translation>
    </message>
    <message>
      <source>{value} is not one of: {allowed}</source>
      <translation>{value} ليست من القيم: {allowed}</translation>
    </message>
    <message>
      <source>{value}: the check character does not match; the batch number is mistyped</source>
      <translation>{value}: محرف التحقق لا يطابق؛ رقم الدفعة مكتوب خطأً</translation>
    </message>
    <message>
      <source>{value}: the check character does not match; the number is mistyped</source>
      <translation>{value}: محرف التحقق غير مطابق؛ الرقم مكتوب بشكل خاطئ</translation>
    </message>
    <message>
      <source>{value}: the check digits do not match; the batch number is mistyped</source>
      <translation>{value}: رقما التحقق غير مطابقين؛ رقم الدفعة مكتوب بشكل خاطئ</translation>
    </message>
    <message>
      <source>{value}: the check digits do not match; the number is mistyped</source>
      <translation>{value}: رقما التحقق غير مطابقين؛ الرقم مكتوب بشكل خاطئ</translation>
    </message>
    <message>
      <source>{value}: the printer name is missing</source>
      <translation>{value}: اسم الطابعة ناقص</translation>
    </message>
    <message>
      <source>— choose —</source>
      <translation>— اختر —</translation>
    </message>
    <message>
      <source>A cover sheet's barcode {code} is not a valid receipt number; its pages wait in the unfiled queue</source>
      <translation type="obsolete">الرمز الشريطي {code} في ورقة غلاف ليس رقم إيصال صحيحاً؛ صفحاتها تنتظر في قائمة الصفحات غير المُلحقة</translation>
    </message>
    <message>
      <source>Batch {batch} ({state}): {listed} files listed, {received} received, {missing} missing, {extra} extra</source>
      <translation type="obsolete">الدفعة {batch} ({state}): {listed} ملفاً في القسيمة، وصل {received}، ناقص {missing}، زائد {extra}</translation>
    </message>
    <message>
      <source>Batch {batch} with {count} files: print the slip and send it with them.</source>
      <translation type="obsolete">الدفعة {batch} فيها {count} ملفاً: اطبع القسيمة وأرسلها معها.</translation>
    </message>
    <message>
      <source>Box {box} on shelf {shelf}: {count} files</source>
      <translation type="obsolete">الصندوق {box} على الرف {shelf}: {count} ملفاً</translation>
    </message>
    <message>
      <source>Catalog {version} installed ({count} services).</source>
      <translation type="obsolete">تم تثبيت دليل الخدمات {version} (عدد الخدمات: {count}).</translation>
    </message>
    <message>
      <source>Encrypting {path} stopped: the encrypted copy failed its check ({detail}). The unencrypted database is unchanged and still in use; the partial copy was removed.</source>
      <translation type="obsolete">توقّف تشفير {path}: لم تجتز النسخة المشفّرة فحصها ({detail}). قاعدة البيانات غير المشفّرة لم تتغيّر وما زالت قيد الاستخدام؛ وحُذفت النسخة الجزئية.</translation>
    </message>
    <message numerus="yes">
      <source>From {start} to {end}: {n} requests</source>
      <translation type="obsolete">
        <numerusform>من {start} إلى {end}: لا طلبات</numerusform>
        <numerusform>من {start} إلى {end}: طلب واحد</numerusform>
        <numerusform>من {start} إلى {end}: طلبان</numerusform>
        <numerusform>من {start} إلى {end}: {n} طلبات</numerusform>
        <numerusform>من {start} إلى {end}: {n} طلباً</numerusform>
        <numerusform>من {start} إلى {end}: {n} طلب</numerusform>
      </translation>
    </message>
    <message>
      <source>From {start} to {end}: {total} requests</source>
      <translation type="obsolete">من {start} إلى {end}: عدد الطلبات {total}</translation>
    </message>
    <message>
      <source>HQ cannot be reached: {reason}</source>
      <translation type="obsolete">لا يمكن الوصول إلى الإدارة المركزية: {reason}</translation>
    </message>
    <message>
      <source>Kept at</source>
      <translation type="obsolete">مكان الحفظ</translation>
    </message>
    <message>
      <source>Nothing was imported: {bad} of {total} rows are invalid</source>
      <translation type="obsolete">لم يُستورد أي شيء: عدد الأسطر غير الصالحة {bad} من أصل {total}</translation>
    </message>
    <message>
      <source>Only ready requests are on the call list; this one is {status}</source>
      <translation type="obsolete">قائمة الاتصال للطلبات الجاهزة فقط؛ حالة هذا الطلب {status}</translation>
    </message>
    <message>
      <source>Ready since</source>
      <translation type="obsolete">جاهز منذ</translation>
    </message>
    <message>
      <source>The catalog is invalid ({count} problems)</source>
      <translation type="obsolete">دليل الخدمات غير صالح (عدد المشكلات: {count})</translation>
    </message>
    <message>
      <source>The file has {count} pages; at most {limit} are taken at once</source>
      <translation type="obsolete">في الملف {count} صفحة؛ الحد الأقصى {limit} في المرة الواحدة</translation>
    </message>
    <message>
      <source>The request cannot be saved: {count} problems</source>
      <translation type="obsolete">تعذّر حفظ الطلب: عدد المشكلات {count}</translation>
    </message>
    <message>
      <source>The request has {count} invalid fields</source>
      <translation type="obsolete">عدد الحقول غير الصالحة في الطلب: {count}</translation>
    </message>
    <message>
      <source>The upgrade to schema {new} failed and the database could not be put back as it was. The backup made before the upgrade is kept: {path}. Close every counter program, then run `counter-app db restore --source {path} --force`.</source>
      <translation type="obsolete">فشلت ترقية قاعدة البيانات إلى المخطط {new} وتعذّرت إعادتها كما كانت. النسخة الاحتياطية المأخوذة قبل الترقية محفوظة: {path}. أغلق كل برامج المركز ثم شغّل ‎`counter-app db restore --source {path} --force`‎.</translation>
    </message>
    <message>
      <source>Unknown document {kind}; use one of: {allowed}</source>
      <translation type="obsolete">نوع مستند غير معروف {kind}؛ استخدم أحد: {allowed}</translation>
    </message>
    <message>
      <source>Unknown paper {paper}; use one of: {allowed}</source>
      <translation type="obsolete">قياس ورق غير معروف {paper}؛ استخدم أحد: {allowed}</translation>
    </message>
    <message>
      <source>Waiting to sync: {count} (oldest {since}) · last sync: never</source>
      <translation type="obsolete">بانتظار المزامنة: {count} (الأقدم {since}) · آخر مزامنة: لم تتم بعد</translation>
    </message>
    <message>
      <source>busy</source>
      <translation type="obsolete">مشغولة</translation>
    </message>
    <message>
      <source>error</source>
      <translation type="obsolete">خطأ</translation>
    </message>
    <message>
      <source>only the newest {count} are shown</source>
      <translation type="obsolete">تُعرض أحدث {count} نتيجة فقط</translation>
    </message>
    <message numerus="yes">
      <source>only the newest {n} are shown</source>
      <translation type="obsolete">
        <numerusform>لا تُعرض أي نتيجة</numerusform>
        <numerusform>تُعرض أحدث نتيجة فقط</numerusform>
        <numerusform>تُعرض أحدث نتيجتين فقط</numerusform>
        <numerusform>تُعرض أحدث {n} نتائج فقط</numerusform>
        <numerusform>تُعرض أحدث {n} نتيجةً فقط</numerusform>
        <numerusform>تُعرض أحدث {n} نتيجة فقط</numerusform>
      </translation>
    </message>
    <message>
      <source>paper_out</source>
      <translation type="obsolete">نفد الورق</translation>
    </message>
    <message>
      <source>unknown</source>
      <translation type="obsolete">غير معروفة</translation>
    </message>
    <message>
      <source>{count} entries still need attention</source>
      <translation type="obsolete">بقي {count} من المدخلات بحاجة إلى استكمال</translation>
    </message>
    <message>
      <source>{count} files of today not handed over yet</source>
      <translation type="obsolete">{count} ملفاً من اليوم لم تُسلَّم بعد</translation>
    </message>
    <message>
      <source>{count} found ({kind})</source>
      <translation type="obsolete">عدد النتائج: {count} ({kind})</translation>
    </message>
    <message>
      <source>{count} items need a person</source>
      <translation type="obsolete">{count} عنصراً بحاجة إلى موظف</translation>
    </message>
    <message>
      <source>{count} jobs waiting</source>
      <translation type="obsolete">عدد المهام المنتظرة: {count}</translation>
    </message>
    <message>
      <source>{count} pages filed under {receipt} ({doc}).</source>
      <translation type="obsolete">أُلحقت {count} صفحة بالطلب {receipt} ({doc}).</translation>
    </message>
    <message>
      <source>{count} pages wait for a person</source>
      <translation type="obsolete">{count} صفحة بانتظار موظف</translation>
    </message>
    <message>
      <source>{count} print jobs waiting</source>
      <translation type="obsolete">مهام طباعة بالانتظار: {count}</translation>
    </message>
    <message>
      <source>{count} ready requests to call</source>
      <translation type="obsolete">عدد الطلبات الجاهزة للاتصال: {count}</translation>
    </message>
    <message>
      <source>{count} requests imported.</source>
      <translation type="obsolete">عدد الطلبات المستوردة: {count}.</translation>
    </message>
    <message>
      <source>{days} working days</source>
      <translation type="obsolete">أيام العمل: {days}</translation>
    </message>
    <message>
      <source>{file}: {status}, {pages} page(s)</source>
      <translation type="obsolete">{file}: {status}، {pages} صفحة</translation>
    </message>
    <message numerus="yes">
      <source>{n} ready requests to call</source>
      <translation type="obsolete">
        <numerusform>لا طلبات جاهزة للاتصال</numerusform>
        <numerusform>طلب واحد جاهز للاتصال</numerusform>
        <numerusform>طلبان جاهزان للاتصال</numerusform>
        <numerusform>{n} طلبات جاهزة للاتصال</numerusform>
        <numerusform>{n} طلباً جاهزاً للاتصال</numerusform>
        <numerusform>{n} طلب جاهز للاتصال</numerusform>
      </translation>
    </message>
    <message>
      <source>{on_time} of {done} ({pct}%)</source>
      <translation type="obsolete">{on_time} من {done} ({pct}%)</translation>
    </message>
    <message>
      <source>{start} to {end}: {received} received, on time {pct}%, {overdue} overdue, {soon} due soon</source>
      <translation type="obsolete">من {start} إلى {end}: استُلم {received}، نسبة الإنجاز في الموعد {pct}%، المتأخرة {overdue}، المستحقة قريباً {soon}</translation>
    </message>
    <message>
      <source>{value} is not a handover batch number (like HO-MZH-02-261122-01-S)</source>
      <translation type="obsolete">{value} ليس رقم دفعة تسليم (مثل HO-MZH-02-261122-01-S)</translation>
    </message>
    <message>
      <source>{value} is not a receipt number (like MZH-02-26-000123-7)</source>
      <translation type="obsolete">{value} ليس رقم إيصال (مثل MZH-02-26-000123-7)</translation>
    </message>
  </context>
</TS>
