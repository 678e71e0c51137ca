"""Arabic report coding end to end: own test reports in several outlet styles.

Every report below was written for these tests (Iraqi and Syrian outlet styles,
militia claim statements, Pentagon/CENTCOM statements, SOHR-style casualty reports,
Levantine, Egyptian and Maghrebi month names, relative dates, Arabic-Indic digits);
none is copied from a real article. Each case lists the drafts expected.
"""

import pandas as pd
import pytest

from analysis import DataWarning, code_report, validate_incidents
from analysis.coding import DRAFT_COLUMNS, evidence_table

CASES = [
    ('iraq_rockets_ain_asad',
     'أفاد مصدر أمني عراقي بسقوط ثلاثة صواريخ كاتيوشا، مساء أمس الثلاثاء، داخل قاعدة '
     'عين الأسد الجوية غربي الأنبار، التي تضم قوات أمريكية، من دون تسجيل خسائر بشرية.',
     '2024-01-17', [
      dict(date='2024-01-16', side='militia', country='Iraq', site_id='ain-al-asad',
           weapon='rocket', target_killed=0, target_wounded=0, confirmation='reported')]),
    ('iri_claim_harir',
     'أعلنت المقاومة الإسلامية في العراق، فجر اليوم الأحد، استهداف قاعدة حرير '
     'الأمريكية في أربيل بطائرة مسيّرة، وقالت في بيان إن الطائرة أصابت هدفها بدقة.',
     '2024-01-07', [
      dict(date='2024-01-07', side='militia', country='Iraq', site_id='harir', weapon='drone',
           confirmation='claimed', claimed_by='Islamic Resistance in Iraq')]),
    ('centcom_qaim',
     'أعلنت القيادة المركزية الأمريكية أن قواتها نفذت في 2 شباط/فبراير 2024 غارات جوية'
     ' على منشأتين تستخدمهما كتائب حزب الله في منطقة القائم غربي العراق.',
     '2024-02-03', [
      dict(date='2024-02-02', side='us', target_side='militia', country='Iraq',
           site_id='al-qaim', weapon='airstrike', n_attacks=2, confirmation='confirmed')]),
    ('sohr_albukamal_drone',
     'قال المرصد السوري لحقوق الإنسان إن طائرة مسيّرة يُرجّح أنها تابعة للتحالف الدولي'
     ' استهدفت سيارة تقل عناصر من الميليشيات الموالية لإيران في بادية البوكمال بريف '
     'دير الزور الشرقي، ما أدى لمقتل 3 منهم، يوم الخميس الماضي.',
     '2023-11-12', [
      dict(date='2023-11-09', side='us', country='Syria', site_id='albukamal',
           weapon='drone_strike', target_killed=3, confirmation='reported')]),
    ('pentagon_tanf_wounded',
     'قال المتحدث باسم البنتاغون إن القوات الأمريكية تعرضت لهجوم بطائرتين مسيرتين في '
     'قاعدة التنف جنوب شرقي سوريا يوم الأربعاء، ما أسفر عن إصابة جنديين أمريكيين بجروح'
     ' طفيفة.',
     '2023-10-20', [
      dict(date='2023-10-18', side='militia', country='Syria', site_id='al-tanf',
           weapon='drone', target_wounded=2, confirmation='confirmed')]),
    ('irgc_ballistic',
     'أطلق الحرس الثوري الإيراني صواريخ باليستية على قاعدة عين الأسد في العراق بتاريخ '
     '8/1/2020، ولم تسفر الهجمات عن سقوط قتلى بين الجنود الأمريكيين.',
     '2020-01-09', [
      dict(date='2020-01-08', side='iran', country='Iraq', site_id='ain-al-asad',
           weapon='ballistic_missile', target_killed=0, target_wounded=None)]),
    ('politics_no_incident',
     'قال رئيس الوزراء العراقي إن الحكومة تعمل على إنهاء مهمة التحالف الدولي في البلاد'
     ' خلال العام المقبل، مؤكداً أن المفاوضات مع واشنطن مستمرة.',
     '2024-01-10', []),
    ('tally_only',
     'وأحصت وزارة الدفاع الأمريكية أكثر من 150 هجوماً على قواتها في العراق وسوريا منذ '
     '17 تشرين الأول الماضي.',
     '2024-02-10', []),
    ('threat_only',
     'هددت كتائب حزب الله باستهداف القواعد الأمريكية في العراق إذا لم تنسحب القوات '
     'الأجنبية.',
     '2024-01-10', []),
    ('israeli_strike_out_of_scope',
     'شنت طائرات إسرائيلية غارات على مواقع للميليشيات الإيرانية قرب البوكمال فجر '
     'اليوم.',
     '2024-01-10', []),
    ('shootdown_harir',
     'أسقطت الدفاعات الجوية للتحالف طائرة مسيّرة كانت تحاول استهداف قاعدة حرير شمال '
     'أربيل، مساء الجمعة، بحسب جهاز مكافحة الإرهاب في إقليم كردستان.',
     '2024-01-14', [
      dict(date='2024-01-12', side='militia', country='Iraq', site_id='harir', weapon='drone',
           confirmation='confirmed')]),
    ('us_strike_jurf',
     'قصفت طائرات أمريكية، فجر الأربعاء، مواقع لكتائب حزب الله في منطقة جرف الصخر '
     'شمالي بابل، ما أسفر عن مقتل عنصرين من الكتائب، بحسب مصادر أمنية.',
     '2023-11-22', [
      dict(date='2023-11-22', side='us', country='Iraq', site_id='jurf-al-sakhar',
           weapon='airstrike', target_killed=2)]),
    ('tower22_with_background',
     'قُتل ثلاثة جنود أمريكيين وأصيب أكثر من 40 آخرين في هجوم بطائرة مسيّرة استهدف '
     'قاعدة البرج 22 شمال شرقي الأردن، فجر الأحد. ويأتي الهجوم بعد أسابيع من ضربة '
     'أمريكية في بغداد أدت إلى مقتل قيادي في حركة النجباء في 4 كانون الثاني الجاري.',
     '2024-01-28', [
      dict(date='2024-01-28', side='militia', country='Jordan', site_id='tower-22',
           weapon='drone', target_killed=3, target_wounded=40, report_role='main'),
      dict(date='2024-01-04', side='us', country='Iraq', site_id='baghdad', weapon='airstrike',
           target_killed=1, report_role='background')]),
    ('ordinal_date_tanf',
     'تعرضت قاعدة التنف لهجوم بثلاث طائرات مسيرة في الثامن عشر من أكتوبر 2023، وأعلن '
     'البنتاغون إصابة 20 عسكرياً أمريكياً بجروح طفيفة.',
     '2023-10-25', [
      dict(date='2023-10-18', side='militia', country='Syria', site_id='al-tanf',
           weapon='drone', target_wounded=20)]),
    ('indic_digits_shaddadi',
     'وقال مسؤول عسكري أمريكي إن ٤ صواريخ سقطت قرب قاعدة الشدادي في ريف الحسكة يوم ٢٥ '
     'كانون الأول ٢٠٢٣ دون وقوع إصابات.',
     '2023-12-26', [
      dict(date='2023-12-25', side='militia', country='Syria', site_id='shaddadi',
           weapon='rocket', target_killed=0, target_wounded=0, confirmation='confirmed')]),
    ('mixed_ain_asad',
     'استهدف هجوم بالصواريخ والطائرات المسيرة قاعدة عين الأسد الجوية، أمس، وفق ما '
     'أعلنت القيادة المركزية.',
     '2023-11-02', [
      dict(date='2023-11-01', side='militia', country='Iraq', site_id='ain-al-asad',
           weapon='mixed')]),
    ('last_month_green_village',
     'كشف مسؤولون أمريكيون أن الهجوم الذي استهدف قاعدة حقل العمر في دير الزور الشهر '
     'الماضي نفذته ميليشيا عراقية بصواريخ غراد.',
     '2023-09-10', [
      dict(date='2023-08-01', date_precision='month', side='militia', country='Syria',
           site_id='mss-green-village', weapon='rocket')]),
    ('iri_statement_conoco',
     'بيان صادر عن المقاومة الإسلامية في العراق: استمراراً في نهجنا بمقاومة قوات '
     'الاحتلال الأمريكي، دكّ مجاهدونا صباح اليوم قاعدة الاحتلال في حقل كونيكو بسوريا '
     'بالأسلحة المناسبة.',
     '2024-01-20', [
      dict(date='2024-01-20', side='militia', country='Syria', site_id='mss-conoco',
           weapon='unknown', confirmation='claimed')]),
    ('us_artillery_mayadin',
     'قصفت القوات الأمريكية المتمركزة في حقل كونيكو بالمدفعية مواقع للميليشيات '
     'الإيرانية في مدينة الميادين، مساء السبت، رداً على هجوم صاروخي استهدف القاعدة.',
     '2023-08-13', [
      dict(date='2023-08-12', side='us', country='Syria', site_id='mayadin',
           weapon='artillery')]),
    ('erbil_airport_drones',
     'هاجمت طائرتان مسيرتان مفخختان قاعدة قوات التحالف الدولي في مطار أربيل الدولي '
     'ليلة الخميس، وأعلنت حكومة إقليم كردستان أن الهجوم لم يسفر عن أي أضرار بشرية.',
     '2024-01-05', [
      dict(date='2024-01-04', side='militia', country='Iraq', site_id='erbil-airbase',
           weapon='drone', target_killed=0, target_wounded=0, confirmation='confirmed')]),
    ('two_incidents_roundup',
     'استهدفت طائرات مجهولة يرجح أنها أمريكية مواقع للميليشيات الإيرانية في الميادين '
     'يوم الاثنين. وفي سياق متصل، سقطت قذائف صاروخية على قاعدة حقل العمر يوم الثلاثاء '
     'دون معلومات عن خسائر.',
     '2024-02-08', [
      dict(date='2024-02-05', side='us', country='Syria', site_id='mayadin',
           weapon='airstrike'),
      dict(date='2024-02-06', side='militia', country='Syria', site_id='mss-green-village',
           weapon='rocket', target_killed=None)]),
    ('future_strikes',
     'قال مسؤولون أمريكيون إن واشنطن ستشن ضربات على مواقع إيرانية في العراق وسوريا '
     'خلال الأيام المقبلة.',
     '2024-01-30', []),
    ('iraq_condemns_strike',
     'أدانت الحكومة العراقية الضربة الأمريكية التي استهدفت مقراً للحشد الشعبي في منطقة'
     ' القائم ليلة أمس، وأسفرت عن مقتل 8 من عناصر الحشد.',
     '2024-02-03', [
      dict(date='2024-02-02', side='us', country='Iraq', site_id='al-qaim', target_killed=8)]),
    ('convoy_ied',
     'انفجرت عبوة ناسفة استهدفت رتلاً لقوات التحالف الدولي على الطريق الدولي في محافظة'
     ' الديوانية جنوبي العراق، ظهر اليوم، دون وقوع إصابات.',
     '2021-05-20', [
      dict(date='2021-05-20', side='militia', country='Iraq', weapon='ied', target_killed=0,
           target_wounded=0)]),
    ('eilat_out_of_scope',
     'أعلنت المقاومة الإسلامية في العراق استهداف هدف حيوي في إيلات بالطيران المسير فجر'
     ' اليوم.',
     '2024-01-10', []),
    ('egyptian_month_embassy',
     'سقطت ثلاث قذائف صاروخية داخل المنطقة الخضراء قرب السفارة الأمريكية في بغداد مساء'
     ' 20 ديسمبر 2020، ما أدى إلى أضرار مادية فقط.',
     '2020-12-21', [
      dict(date='2020-12-20', side='militia', country='Iraq', site_id='us-embassy-baghdad',
           weapon='rocket', target_killed=0, target_wounded=0)]),
    ('last_week_week_precision',
     'تعرضت قاعدة خراب الجير في ريف الحسكة لهجوم بطائرة مسيرة الأسبوع الماضي، وفق ما '
     'أكد مسؤول أمريكي.',
     '2024-01-24', [
      dict(date='2024-01-15', date_precision='week', side='militia', country='Syria',
           site_id='kharab-al-jir', weapon='drone')]),
    ('egyptian_slash_jordan',
     'أعلن الجيش الأمريكي أن مسيرة أطلقتها جماعات مدعومة من إيران استهدفت قاعدة البرج '
     '22 في الأردن بتاريخ 28/1/2024.',
     '2024-01-29', [
      dict(date='2024-01-28', side='militia', country='Jordan', site_id='tower-22',
           weapon='drone')]),
    ('dateline_no_published',
     'بغداد - 15 آذار/مارس 2023: استهدف هجوم صاروخي قاعدة فكتوريا العسكرية قرب مطار '
     'بغداد الدولي فجر اليوم، من دون أن يسفر عن إصابات، بحسب خلية الإعلام الأمني.',
     None, [
      dict(date='2023-03-15', side='militia', country='Iraq', site_id='baghdad-airport',
           weapon='rocket', target_killed=0, target_wounded=0, confirmation='confirmed')]),
    ('assassination_drone_baghdad',
     'اغتيال القيادي في كتائب حزب الله بضربة طائرة مسيرة أمريكية استهدفت سيارته في '
     'منطقة المشتل شرقي بغداد مساء الأربعاء، وأكدت القيادة المركزية الأمريكية تنفيذ '
     'الضربة.',
     '2024-02-08', [
      dict(date='2024-02-07', side='us', country='Iraq', site_id='mashtal',
           weapon='drone_strike', confirmation='confirmed')]),
    ('background_paragraph_list',
     'تعرضت قاعدة حرير في أربيل لهجوم بطائرتين مسيرتين مساء الاثنين دون وقوع إصابات. '
     'وكانت قاعدة عين الأسد قد تعرضت في 4 كانون الثاني الجاري لقصف صاروخي أدى إلى '
     'إصابة جندي أمريكي، كما استُهدف حقل كونيكو في سوريا بطائرة مسيرة في 10 كانون '
     'الثاني.',
     '2024-01-23', [
      dict(date='2024-01-22', side='militia', country='Iraq', site_id='harir', weapon='drone',
           target_killed=0, target_wounded=0, report_role='main'),
      dict(date='2024-01-04', side='militia', country='Iraq', site_id='ain-al-asad',
           weapon='rocket', target_wounded=1, report_role='background'),
      dict(date='2024-01-10', side='militia', country='Syria', site_id='mss-conoco',
           weapon='drone', report_role='background')]),
    ('headline_and_body',
     'ضربات أمريكية على مواقع للحشد الشعبي في القائم شنت طائرات حربية أمريكية، ليل '
     'الجمعة، سلسلة غارات على مقرات تابعة لكتائب حزب الله في قضاء القائم بمحافظة '
     'الأنبار، ما أدى إلى مقتل 5 عناصر وإصابة آخرين، وفق مصادر أمنية عراقية.',
     '2024-02-03', [
      dict(date='2024-02-02', side='us', country='Iraq', site_id='al-qaim', weapon='airstrike',
           target_killed=5)]),
    ('isis_out_of_scope',
     'نفذ طيران التحالف الدولي غارات جوية على مواقع لتنظيم داعش في صحراء الأنبار أمس، '
     'ما أدى إلى مقتل 10 من عناصر التنظيم.',
     '2022-05-10', []),
    ('football_no_incident',
     'شن المنتخب العراقي هجوماً قوياً على مرمى المنتخب السوري في الدقيقة العاشرة، لكن '
     'الحارس تصدى للكرة.',
     '2024-01-10', []),
    ('sohr_toll_rises',
     'ارتفع عدد قتلى الميليشيات الموالية لإيران جراء الغارات الأمريكية على مواقعها في '
     'محيط مدينة البوكمال فجر اليوم إلى 9 عناصر، بحسب المرصد السوري لحقوق الإنسان.',
     '2024-02-03', [
      dict(date='2024-02-03', side='us', country='Syria', site_id='albukamal',
           weapon='airstrike', target_killed=9, confirmation='reported')]),
    ('tbi_wounded',
     'أعلن البنتاغون أن 11 عسكرياً أمريكياً أصيبوا بارتجاج في الدماغ جراء الهجوم '
     'الصاروخي على قاعدة عين الأسد يوم السبت الماضي.',
     '2024-01-24', [
      dict(date='2024-01-20', side='militia', country='Iraq', site_id='ain-al-asad',
           weapon='rocket', target_wounded=11, confirmation='confirmed')]),
    ('hijri_and_gregorian',
     'سقطت قذيفتا هاون على مقر للقوات الأمريكية في قاعدة بلد الجوية يوم الأحد 12 رجب '
     '1445 هـ الموافق 24 يناير 2024، بحسب مصدر أمني.',
     '2024-01-25', [
      dict(date='2024-01-24', side='militia', country='Iraq', site_id='balad', weapon='mortar')]),
    ('syrian_outlet_tanf_mortar',
     'قالت مصادر محلية لشبكة دير الزور 24 إن قذائف هاون سقطت في محيط قاعدة التنف '
     'الأمريكية على الحدود السورية الأردنية، مساء أمس الخميس، دون معلومات عن الخسائر.',
     '2023-11-03', [
      dict(date='2023-11-02', side='militia', country='Syria', site_id='al-tanf',
           weapon='mortar', confirmation='reported')]),
    ('us_helicopter_raid_isis',
     'نفذت قوات التحالف الدولي عملية إنزال جوي في ريف دير الزور الشرقي استهدفت قيادياً'
     ' في تنظيم داعش.',
     '2023-07-01', []),
    ('kh_claim_mq9',
     'أعلنت كتائب حزب الله إسقاط طائرة مسيرة أمريكية من نوع MQ-9 فوق محافظة ديالى صباح'
     ' اليوم.',
     '2024-01-05', [
      dict(date='2024-01-05', side='militia', country='Iraq', site_id='diyala',
           confirmation='claimed')]),
    ('levantine_month_green_village_two_sites',
     'هاجمت طائرات مسيرة قاعدتي حقل العمر وحقل كونيكو في ريف دير الزور في 19 تشرين '
     'الأول 2023، وقال مسؤول أمريكي إن الهجومين لم يسفرا عن إصابات.',
     '2023-10-20', [
      # two bases attacked: one draft per site; "no injuries" holds for both
      dict(date='2023-10-19', side='militia', country='Syria', site_id='mss-green-village',
           weapon='drone', target_killed=0, target_wounded=0),
      dict(date='2023-10-19', side='militia', country='Syria', site_id='mss-conoco',
           weapon='drone', target_killed=0, target_wounded=0)]),
    ('weekday_today_conflict',
     'أعلنت الولايات المتحدة اليوم الجمعة أنها نفذت ضربات جوية على مواقع في سوريا '
     'تستخدمها جماعات مرتبطة بالحرس الثوري، رداً على الهجمات المتكررة على قواتها.',
     '2023-11-10', [
      dict(date='2023-11-10', side='us', country='Syria', weapon='airstrike',
           confirmation='confirmed')]),
    ('claim_two_operations',
     'أعلنت المقاومة الإسلامية في العراق، مساء اليوم، تنفيذ عمليتين ضد قوات الاحتلال '
     'الأمريكي: الأولى استهدفت قاعدة عين الأسد غربي العراق بالصواريخ، والثانية استهدفت'
     ' قاعدة حرير في أربيل بطائرة مسيّرة.',
     '2024-01-20', [
      dict(date='2024-01-20', side='militia', country='Iraq', site_id='ain-al-asad',
           weapon='rocket'),
      dict(date='2024-01-20', side='militia', country='Iraq', site_id='harir', weapon='drone')]),
    ('pentagon_two_attacks',
     'قالت وزارة الدفاع الأمريكية إن قواتها تعرضت لهجومين يوم الخميس، الأول بطائرة '
     'مسيرة على قاعدة التنف في سوريا، والثاني بصواريخ على قاعدة عين الأسد في العراق، '
     'دون وقوع إصابات.',
     '2023-10-21', [
      dict(date='2023-10-19', side='militia', country='Syria', site_id='al-tanf',
           weapon='drone'),
      dict(date='2023-10-19', side='militia', country='Iraq', site_id='ain-al-asad',
           weapon='rocket')]),
    ('mayadeen_style',
     'استهدفت المقاومة الإسلامية في العراق، فجر اليوم الأربعاء، قاعدة الاحتلال '
     'الأمريكي في حقل العمر النفطي بريف دير الزور الشرقي بطائرات مسيّرة، وحققت إصابات '
     'مباشرة، بحسب بيان للمقاومة.',
     '2023-11-01', [
      dict(date='2023-11-01', side='militia', country='Syria', site_id='mss-green-village',
           weapon='drone', confirmation='claimed')]),
    ('enab_baladi_style_background',
     'قصفت طائرات أمريكية مواقع للميليشيات المدعومة من إيران في مدينة البوكمال شرقي '
     'دير الزور، ليلة الأحد، بحسب ما أفاد مراسل عنب بلدي.\n'
     'وتأتي الضربات بعد هجوم بطائرات مسيرة استهدف قاعدة التنف، الجمعة الماضي، أسفر عن '
     'إصابة ثلاثة جنود أمريكيين بجروح طفيفة، وفق البنتاغون.\n'
     'وفي أيلول الماضي، قصفت طائرات أمريكية مستودعات أسلحة تابعة للحرس الثوري في '
     'الميادين.',
     '2023-11-13', [
      dict(date='2023-11-12', side='us', country='Syria', site_id='albukamal',
           weapon='airstrike', report_role='main'),
      dict(date='2023-11-10', side='militia', country='Syria', site_id='al-tanf',
           weapon='drone', target_wounded=3, report_role='background'),
      dict(date='2023-09-01', date_precision='month', side='us', country='Syria',
           site_id='mayadin', weapon='airstrike', report_role='background')]),
    ('alsumaria_style',
     'أفاد مصدر أمني، اليوم الاثنين، بأن صاروخين سقطا قرب مطار بغداد الدولي حيث تتمركز'
     ' قوات التحالف، فيما لم تسجل أي خسائر بشرية أو مادية.',
     '2021-01-04', [
      dict(date='2021-01-04', side='militia', country='Iraq', site_id='baghdad-airport',
           weapon='rocket', target_killed=0, target_wounded=0, confirmation='reported')]),
    ('alarabiya_style_with_quote',
     'أكد البيت الأبيض أن الرئيس جو بايدن أمر بشن الضربات على منشآت في شرق سوريا '
     'يستخدمها الحرس الثوري الإيراني. وقال المتحدث جون كيربي: "لن نسمح بأي هجمات على '
     'قواتنا". وكانت الضربات قد نُفذت فجر الجمعة بمقاتلات إف-15.',
     '2023-11-10', [
      dict(date='2023-11-10', side='us', country='Syria', weapon='airstrike',
           confirmation='confirmed')]),
    ('sohr_roundup_no_us',
     'قال المرصد السوري إن قوات النظام قصفت بالمدفعية مناطق في ريف إدلب الجنوبي، ما '
     'أدى إلى مقتل مدنيين اثنين.',
     '2023-11-10', []),
    ('houthi_red_sea_out',
     'أعلنت جماعة الحوثي استهداف سفينة أمريكية في البحر الأحمر بصواريخ بحرية.',
     '2024-01-20', []),
    ('drone_attack_erbil_consulate',
     'تعرض مبنى القنصلية الأمريكية في أربيل لهجوم بطائرة مسيرة مفخخة ليلة السبت، دون '
     'أن يسفر عن إصابات، بحسب مجلس أمن إقليم كردستان.',
     '2022-03-14', [
      dict(date='2022-03-12', side='militia', country='Iraq', site_id='us-consulate-erbil',
           weapon='drone', target_killed=0, target_wounded=0)]),
    ('strike_with_casualties_sohr_numbers_words',
     'قُتل سبعة عناصر من الميليشيات الإيرانية، بينهم قيادي في الحرس الثوري، جراء غارات'
     ' جوية نفذتها طائرات التحالف الدولي على مواقع في بادية الميادين، مساء الخميس '
     'الفائت.',
     '2023-08-27', [
      dict(date='2023-08-24', side='us', country='Syria', site_id='mayadin-desert',
           weapon='airstrike', target_killed=7)]),
    ('maghreb_style_date',
     'هاجمت طائرة مسيرة قاعدة أمريكية في شمال شرق سوريا يوم 23 مارس 2023، ما أدى إلى '
     'مقتل متعاقد أمريكي وإصابة خمسة جنود.',
     '2023-03-25', [
      dict(date='2023-03-23', side='militia', country='Syria', weapon='drone', target_wounded=5,
           target_killed=None)]),
    ('us_retaliation_yesterday_hasakah',
     'نفذت مقاتلات أمريكية أمس ضربات على منشآت في دير الزور، ردا على هجوم استهدف قاعدة'
     ' أمريكية قرب الحسكة يوم الخميس وأسفر عن مقتل متعاقد أمريكي.',
     '2023-03-25', [
      dict(date='2023-03-24', side='us', country='Syria', site_id='deir-ez-zor',
           weapon='airstrike', report_role='main'),
      dict(date='2023-03-23', side='militia', country='Syria', site_id='hasakah',
           report_role='background')]),
    ('attack_on_convoy_claim_front',
     'تبنت جماعة أصحاب الكهف تفجير عبوة ناسفة استهدفت رتلاً لوجستياً للتحالف الدولي في'
     ' محافظة بابل، صباح اليوم.',
     '2021-06-01', [
      dict(date='2021-06-01', side='militia', country='Iraq', site_id='babil', weapon='ied',
           confirmation='claimed', claimed_by='Ashab al-Kahf')]),
    ('iran_missile_erbil_2024',
     'أعلن الحرس الثوري الإيراني أنه استهدف بصواريخ باليستية مقراً في أربيل ليلة '
     'الاثنين، في حين قالت وزارة الخارجية الأمريكية إنه لم تصب أي منشأة أمريكية.',
     '2024-01-16', [
      dict(date='2024-01-15', side='iran', country='Iraq', site_id='erbil',
           weapon='ballistic_missile')]),
    ('related_links_ignored',
     'قصفت طائرات أمريكية مواقع لكتائب حزب الله في القائم فجر اليوم.\n'
     'اقرأ أيضاً: مقتل ثلاثة جنود أمريكيين في هجوم بطائرة مسيرة على قاعدة البرج 22 في '
     'الأردن\n'
     'وقال مسؤول أمريكي إن الضربات جاءت رداً على هجمات متكررة.\n'
     'مقالات ذات صلة\n'
     'هجوم صاروخي على قاعدة عين الأسد يوم الثلاثاء\n'
     'غارات على البوكمال أمس',
     '2024-02-03', [
      dict(date='2024-02-03', side='us', country='Iraq', site_id='al-qaim', weapon='airstrike')]),
    ('long_tower22',
     'البنتاغون: مقتل ثلاثة جنود أمريكيين في هجوم بمسيرة على قاعدة في الأردن\n'
     'أعلنت وزارة الدفاع الأمريكية (البنتاغون)، الأحد، مقتل ثلاثة جنود أمريكيين وإصابة'
     ' 34 آخرين في هجوم بطائرة مسيرة استهدف موقعاً عسكرياً في شمال شرقي الأردن قرب '
     'الحدود السورية.\n'
     'وقال الرئيس الأمريكي جو بايدن في بيان إن "جماعات مسلحة متطرفة مدعومة من إيران '
     'تعمل في سوريا والعراق" نفذت الهجوم، متعهداً بمحاسبة المسؤولين "في الوقت '
     'وبالطريقة التي نختارها".\n'
     'وهذه هي المرة الأولى التي يُقتل فيها جنود أمريكيون بنيران معادية في المنطقة منذ '
     'بدء الحرب في غزة في السابع من أكتوبر الماضي.\n'
     'وتعرضت القوات الأمريكية في العراق وسوريا لأكثر من 160 هجوماً منذ منتصف أكتوبر، '
     'وفق مسؤولين أمريكيين، ردت عليها واشنطن بضربات على مواقع لفصائل موالية لإيران في '
     'البلدين.\n'
     'وكانت الولايات المتحدة قد شنت في الرابع من يناير الجاري غارة بطائرة مسيرة في '
     'بغداد أدت إلى مقتل قيادي في حركة النجباء.\n'
     'من جهتها، تبنت "المقاومة الإسلامية في العراق" هجمات بطائرات مسيرة على ثلاث قواعد'
     ' بينها قاعدة التنف وقاعدة الركبان، دون أن تذكر قاعدة البرج 22.',
     '2024-01-28', [
      dict(date='2024-01-28', side='militia', country='Jordan', weapon='drone', target_killed=3,
           target_wounded=34, report_role='main'),
      dict(date='2024-01-04', side='us', country='Iraq', site_id='baghdad',
           weapon='drone_strike', target_killed=1, report_role='background')]),
    ('long_syria_tv',
     'قتلى وجرحى من الميليشيات الإيرانية بقصف مجهول شرقي دير الزور\n'
     'قُتل أربعة عناصر من ميليشيا "فاطميون" الأفغانية وأصيب آخرون، فجر اليوم الخميس، '
     'جراء غارات جوية مجهولة استهدفت مواقعهم قرب مدينة البوكمال على الحدود السورية '
     'العراقية.\n'
     'وقالت مصادر محلية لموقع تلفزيون سوريا إن الغارات طالت مستودعاً للأسلحة ومقراً '
     'للميليشيا في حي الكتف بالمدينة، وسط تحليق لطائرات مسيّرة في أجواء المنطقة.\n'
     'ولم تعلن أي جهة مسؤوليتها عن الغارات، في حين رجّحت المصادر أن تكون طائرات '
     'التحالف الدولي بقيادة واشنطن وراءها.\n'
     'وتأتي الغارات بعد يومين من هجوم صاروخي استهدف قاعدة حقل العمر، أكبر قواعد '
     'التحالف في سوريا، من دون أن يسفر عن إصابات.\n'
     'ويشهد ريف دير الزور الشرقي هجمات متكررة على القواعد الأمريكية، تتبناها فصائل '
     'عراقية موالية لإيران.',
     '2023-11-16', [
      dict(date='2023-11-16', side='us', country='Syria', site_id='albukamal',
           weapon='airstrike', target_killed=4, report_role='main'),
      dict(date='2023-11-14', side='militia', country='Syria', site_id='mss-green-village',
           weapon='rocket', target_killed=0, target_wounded=0, report_role='background')]),
    ('long_anadolu',
     'بغداد / الأناضول\n'
     'قالت الحكومة العراقية، السبت، إن الضربات الأمريكية التي استهدفت مواقع في منطقتي '
     'القائم وعكاشات غربي البلاد، فجر اليوم ذاته، أسفرت عن مقتل 16 شخصاً بينهم مدنيون،'
     ' واعتبرتها "انتهاكاً للسيادة العراقية".\n'
     'وأوضح المتحدث باسم الحكومة باسم العوادي في بيان، أن الضربات جاءت في وقت تعمل فيه'
     ' الحكومة على إنهاء وجود التحالف الدولي في البلاد.\n'
     'وكانت القيادة المركزية الأمريكية أعلنت أن قواتها ضربت أكثر من 85 هدفاً في العراق'
     ' وسوريا، بينها مراكز قيادة ومستودعات صواريخ وطائرات مسيرة، رداً على هجوم الأحد '
     'الماضي على قاعدة البرج 22.',
     '2024-02-03', [
      # "منطقتي القائم وعكاشات": two towns, one draft each
      dict(date='2024-02-03', side='us', country='Iraq', site_id='al-qaim', weapon='airstrike',
           report_role='main'),
      dict(date='2024-02-03', side='us', country='Iraq', site_id='akashat', weapon='airstrike',
           report_role='main'),
      dict(date='2024-02-03', side='us', country='Syria', weapon='airstrike'),
      dict(date='2024-01-28', side='militia', country='Jordan', site_id='tower-22',
           report_role='background')]),
    ('unknown_strike_pmf',
     'استهدف قصف مجهول مقراً للواء 45 في الحشد الشعبي قرب مدينة القائم فجر اليوم، ما '
     'أدى إلى مقتل عنصرين، ولم تعلن أي جهة مسؤوليتها.',
     '2024-02-10', [
      dict(date='2024-02-10', side='unattributed', target_side='militia', country='Iraq',
           site_id='al-qaim', target_killed=2)]),
    ('militia_perspective_martyrs',
     'استشهد ثلاثة من مجاهدي كتائب حزب الله بقصف أمريكي غادر استهدف مقراً للواء 46 في '
     'الحشد الشعبي بمنطقة القائم، ليل السبت - الأحد، بحسب بيان للكتائب.',
     '2024-02-05', [
      dict(date='2024-02-04', side='us', country='Iraq', site_id='al-qaim', target_killed=3)]),
    ('intercepted_rockets',
     'اعترضت منظومة الدفاع الجوي صاروخين أطلقا باتجاه قاعدة عين الأسد في الـ23 من '
     'الشهر الجاري، دون أن يسفر ذلك عن أضرار.',
     '2023-10-25', [
      dict(date='2023-10-23', side='militia', country='Iraq', site_id='ain-al-asad',
           weapon='rocket')]),
    ('jordan_strike_out',
     'شن سلاح الجو الأردني غارات على مواقع لمهربي المخدرات في ريف السويداء جنوبي '
     'سوريا.',
     '2024-01-18', []),
    ('turkish_drone_out',
     'قتل ثلاثة من عناصر قوات سوريا الديمقراطية بقصف لمسيرة تركية على مدينة القامشلي.',
     '2024-01-18', []),
    ('day_of_previous_month',
     'أكد مسؤول أمريكي أن قاعدة الشدادي تعرضت في الخامس من الشهر الماضي لهجوم بطائرة '
     'مسيرة لم يسفر عن إصابات.',
     '2024-02-10', [
      dict(date='2024-01-05', side='militia', country='Syria', site_id='shaddadi',
           weapon='drone', target_killed=0, target_wounded=0)]),
    ('dateline_today_body',
     'دير الزور، 5 أيار/مايو 2024 - تعرضت قاعدة حقل كونيكو التي تضم قوات أمريكية لهجوم'
     ' بالطيران المسير اليوم، دون وقوع إصابات، وفق مصادر محلية.',
     None, [
      dict(date='2024-05-05', side='militia', country='Syria', site_id='mss-conoco',
           weapon='drone', target_killed=0, target_wounded=0)]),
    ('year_only_background_skipped',
     'قصفت طائرات أمريكية مقرات لكتائب حزب الله في جرف الصخر فجر اليوم. ويذكر أن '
     'المنطقة تعرضت لضربات مماثلة عام 2019.',
     '2024-02-03', [
      dict(date='2024-02-03', side='us', country='Iraq', site_id='jurf-al-sakhar')]),
    ('month_year_background',
     'استهدفت طائرة مسيرة قاعدة حرير مساء أمس. وكانت القاعدة قد تعرضت لهجوم مماثل '
     'بالصواريخ في كانون الأول/ديسمبر 2023.',
     '2024-01-15', [
      dict(date='2024-01-14', side='militia', country='Iraq', site_id='harir', weapon='drone',
           report_role='main'),
      dict(date='2023-12-01', date_precision='month', side='militia', country='Iraq',
           site_id='harir', weapon='rocket', report_role='background')]),
    ('egyptian_outlet_strike',
     'شنت الولايات المتحدة، يوم الجمعة الموافق 2 فبراير 2024، ضربات جوية على 85 هدفاً '
     'في العراق وسوريا، رداً على مقتل 3 جنود أمريكيين في الأردن الأحد الماضي.',
     '2024-02-03', [
      dict(date='2024-02-02', side='us', country='Iraq', weapon='airstrike'),
      dict(date='2024-02-02', side='us', country='Syria', weapon='airstrike'),
      dict(date='2024-01-28', side='militia', country='Jordan')]),
    ('claim_with_eilat_and_us_base',
     'أعلنت المقاومة الإسلامية في العراق أنها استهدفت فجر اليوم هدفاً في إيلات '
     'بالطيران المسير، كما استهدفت قاعدة التنف الأمريكية بطائرتين مسيرتين.',
     '2024-01-10', [
      dict(date='2024-01-10', side='militia', country='Syria', site_id='al-tanf',
           weapon='drone')]),
]

FIELDS = ("date", "date_precision", "side", "target_side", "country", "site_id", "weapon",
          "target_killed", "target_wounded", "actor_killed", "actor_wounded", "confirmation",
          "claimed_by", "n_attacks", "report_role")


def _plain(drafts: pd.DataFrame) -> list[dict]:
    out = []
    for _, r in drafts.iterrows():
        rec = {}
        for f in FIELDS:
            v = r[f]
            if pd.isna(v):
                v = None
            elif f == "date":
                v = v.strftime("%Y-%m-%d")
            elif f in ("target_killed", "target_wounded", "actor_killed", "actor_wounded",
                       "n_attacks"):
                v = int(v)
            rec[f] = v
        out.append(rec)
    return out


def _code(text, published, source):
    """code_report; without a publication date it must warn (issue 14) and say which date
    it used."""
    if published is None:
        with pytest.warns(DataWarning, match="no publication date given"):
            return code_report(text, published=None, source=source)
    return code_report(text, published=published, source=source)


@pytest.mark.parametrize("name,text,published,expected", CASES, ids=[c[0] for c in CASES])
def test_report_drafts(name, text, published, expected):
    drafts = _code(text, published, "https://example.org/" + name)
    got = _plain(drafts)
    assert len(got) == len(expected), (got, drafts.attrs["skipped"])
    for exp in expected:
        match = [g for g in got if g["date"] == exp["date"] and g["side"] == exp["side"]
                 and g["site_id"] == exp.get("site_id", g["site_id"])
                 and g["country"] == exp.get("country", g["country"])]
        assert match, (exp, got)
        for k, v in exp.items():
            assert match[0][k] == v, (k, match[0], exp)
    if not expected:
        assert drafts.attrs["reason"]
        assert list(drafts.columns) == list(DRAFT_COLUMNS)


@pytest.mark.parametrize("name,text,published,expected",
                         [c for c in CASES if c[3]], ids=[c[0] for c in CASES if c[3]])
def test_drafts_are_valid_rows_with_provenance(name, text, published, expected):
    src = "https://example.org/" + name
    drafts = _code(text, published, src)
    assert drafts.attrs["reason"] is None
    valid = validate_incidents(drafts)                # the read_incidents checks
    assert len(valid) == len(drafts)
    assert drafts["incident_id"].is_unique
    assert set(drafts["sources"]) == {drafts.attrs["source_id"]}
    assert drafts["date"].dtype == "datetime64[ns]"
    for c in ("target_killed", "target_wounded", "actor_killed", "actor_wounded"):
        assert str(drafts[c].dtype) == "Int64", c
    # every span points at the text it claims
    ev = evidence_table(drafts)
    assert len(ev) and set(ev["draft_id"]) == set(drafts["draft_id"])
    for r in ev.itertuples():
        assert 0 <= r.start < r.end <= len(text)
        assert text[r.start:r.end] == r.text and r.text.strip()
    for f in ("date", "side", "country", "weapon"):
        for span, conf in zip(drafts[f"{f}_span"], drafts[f"{f}_confidence"]):
            if span is not None:
                assert 0 <= span[0] < span[1] <= len(text)
                assert 0 < conf <= 1
    assert drafts["report_role"].isin(["main", "background"]).all()
    assert (drafts["report_role"] == "main").any()
    for snip, (a, b) in zip(drafts["snippet"], drafts["snippet_span"]):
        assert snip == text[a:b].strip()


# ---------------------------------------------------------------------------------------
# bad input: clear results or clear errors, never a crash
# ---------------------------------------------------------------------------------------
REPORT = ("أعلنت القيادة المركزية الأمريكية أن طائراتها قصفت فجر اليوم مستودعاً للأسلحة تابعاً "
          "لكتائب حزب الله في منطقة القائم غربي العراق، ما أسفر عن مقتل عنصرين.")


@pytest.mark.parametrize("text,why", [
    ("", "empty"), ("   \n\t ", "empty"), ("12345 ,.; 2024-01-01", "no words"),
    ("US aircraft struck a weapons depot near al-Qaim on Friday, officials said.", "no Arabic"),
    ("Des frappes américaines ont visé un dépôt d'armes près d'Al-Qaïm.", "no Arabic"),
    ("美国飞机周五袭击了一个武器库。", "no Arabic"),
    ("قال المتحدث إن الاجتماع المقبل سيعقد في بغداد لبحث التعاون الاقتصادي.", "no incident"),
    ("هجوم", "no incident"),
])
def test_no_drafts_with_a_reason(text, why):
    d = code_report(text, published="2024-02-02")
    assert d.empty and list(d.columns) == list(DRAFT_COLUMNS)
    assert why in d.attrs["reason"]


def test_other_language_with_arabic_quote_is_read_for_its_arabic_part():
    text = "Officials said:\n" + REPORT + "\nThe strike was the third this month."
    d = code_report(text, published="2024-02-02")
    assert len(d) == 1 and d["site_id"].iloc[0] == "al-qaim"
    assert any("not Arabic" in n for n in d.attrs["notes"])
    a, b = d["side_span"].iloc[0]
    assert REPORT.find(text[a:b]) >= 0                        # spans index the whole text


@pytest.mark.parametrize("bad", [None, 42, ["نص"], {"text": "نص"}])
def test_not_text_is_a_clear_error(bad):
    from analysis import SpecificationError
    with pytest.raises(SpecificationError, match="must be the report as a str"):
        code_report(bad)


@pytest.mark.parametrize("bad", ["yesterday", "2024-13-01", "02/02/2024", 20240202])
def test_bad_published_is_a_clear_error(bad):
    from analysis import SpecificationError
    with pytest.raises(SpecificationError, match="YYYY-MM-DD"):
        code_report(REPORT, published=bad)


def test_broken_encodings_are_repaired_with_a_warning():
    from analysis import DataWarning
    clean = code_report(REPORT, published="2024-02-02")
    with pytest.warns(DataWarning, match="mojibake"):
        moji = code_report(REPORT.encode("utf-8").decode("latin-1"), published="2024-02-02")
    with pytest.warns(DataWarning, match="1256"):
        legacy = code_report(REPORT.encode("cp1256"), published="2024-02-02")
    for d in (moji, legacy):
        assert d[["side", "country", "site_id", "weapon"]].equals(
            clean[["side", "country", "site_id", "weapon"]])
    utf8 = code_report(REPORT.encode("utf-8"), published="2024-02-02")   # bytes, no warning
    assert len(utf8) == 1
    with pytest.warns(DataWarning, match="U\\+FFFD"):
        damaged = code_report(REPORT.replace("القائم", "الق\ufffdائم"), published="2024-02-02")
    assert len(damaged) == 1


def test_truncated_utf8_bytes_do_not_crash():
    from analysis import DataWarning
    raw = REPORT.encode("utf-8")[:-3] + b"\xff\xfe"
    with pytest.warns(DataWarning):
        d = code_report(raw, published="2024-02-02")
    assert len(d) <= 1


def test_without_published_dates_resolve_against_the_dateline():
    text = ("بغداد، الأحد 14 كانون الثاني/يناير 2024 - أعلن مسؤول أمريكي أن قاعدة عين الأسد "
            "تعرضت أمس السبت لهجوم بطائرة مسيرة.")
    with pytest.warns(DataWarning, match="inferred from the first full date"):
        d = code_report(text)
    assert d["date"].iloc[0] == pd.Timestamp("2024-01-13")
    assert any("inferred" in n for n in d.attrs["notes"])
    with pytest.warns(DataWarning, match="cannot be resolved; pass published="):
        no_ref = code_report("تعرضت قاعدة عين الأسد أمس لهجوم بطائرة مسيرة.")
    assert no_ref.empty and "published" in no_ref.attrs["skipped"][-1]["reason"]
    # no date in the opening sentences: the latest full date in the text is the reference
    late = ("تعرضت قاعدة عين الأسد أمس لهجوم بطائرة مسيرة. وقال مسؤول إن قاعدة حرير تعرضت "
            "بدورها لهجوم. وأضاف أن التحقيق جار. وأشار إلى أن الهجمات مستمرة منذ أسابيع. "
            "وكانت القاعدة قد تعرضت لهجوم مماثل في 3 كانون الثاني 2024.")
    with pytest.warns(DataWarning, match="2024-01-03"):
        code_report(late)


def test_drafts_without_source_say_so_and_carry_no_source():
    d = code_report(REPORT, published="2024-02-02")
    assert d["sources"].isna().all() and d.attrs["source"] is None


def test_attrs_survive_and_hold_the_text():
    d = code_report(REPORT, published="2024-02-02", source="https://example.org/a")
    assert d.attrs["text"] == REPORT and d.attrs["published"] == "2024-02-02"
    assert d.attrs["source_id"] == d["sources"].iloc[0]
    sub = d[d["side"] == "us"]
    assert sub.attrs["text"] == REPORT                         # pandas keeps attrs on subsets
