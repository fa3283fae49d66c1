-- Rows written by earlier versions of `canary generate` that no reviewer
-- screen could have stored: reaction terms outside Canary's list, sources
-- without their `symptom:` prefix and causality events without `term:`.
-- Each is repaired to what the coding form stores for the same meaning.
-- A row that still does not parse is shown as damaged on its page.
UPDATE coded_reactions SET term = 'confusion' WHERE term = 'confusional_state';
UPDATE coded_reactions SET term = 'hallucinations' WHERE term = 'hallucination';
UPDATE coded_reactions SET term = 'sweating' WHERE term = 'hyperhidrosis';
UPDATE coded_reactions SET term = 'weight_loss' WHERE term = 'weight_decreased';
UPDATE coded_reactions SET source = 'symptom:' || source WHERE source IN ('slow_breathing','short_of_breath','fast_heart','chest_pain','high_bp','fainting','seizure','unresponsive','drowsy','confusion','shaking','headache','dizziness','nausea','vomiting','constipation','stomach_pain','jaundice','dark_urine','agitation','anxiety','hallucinations','low_mood','trouble_sleeping','dependence','rash','sweating','skin_darkening','weight_loss');
UPDATE causality_assessments SET event_assessed = 'term:confusion' WHERE event_assessed = 'confusional_state';
UPDATE causality_assessments SET event_assessed = 'term:hallucinations' WHERE event_assessed = 'hallucination';
UPDATE causality_assessments SET event_assessed = 'term:sweating' WHERE event_assessed = 'hyperhidrosis';
UPDATE causality_assessments SET event_assessed = 'term:weight_loss' WHERE event_assessed = 'weight_decreased';
UPDATE causality_assessments SET event_assessed = 'term:' || event_assessed WHERE event_assessed IN ('respiratory_depression','respiratory_arrest','dyspnoea','tachycardia','palpitations','hypertension','hypotension','chest_pain','syncope','cardiac_arrest','seizure','loss_of_consciousness','coma','somnolence','confusion','tremor','muscle_twitching','headache','dizziness','nausea','vomiting','constipation','diarrhoea','abdominal_pain','decreased_appetite','weight_loss','liver_injury','jaundice','dark_urine','kidney_injury','rhabdomyolysis','agitation','anxiety','restlessness','hallucinations','psychosis','depressed_mood','suicidal_thoughts','insomnia','dependence','withdrawal_syndrome','neonatal_withdrawal','craving','yawning','lacrimation','rhinorrhoea','piloerection','sweating','hot_flush','chills','myalgia','rash','skin_hyperpigmentation','overdose','toxicity','accidental_exposure','interaction','product_problem','death','other');
