-- Incident types stored by earlier releases, corrected where the built-in tree changed (new
-- types are added at start-up; rows a deployment loaded itself are left as they are):
-- 森林草原火灾 is graded by the forest and the grassland tables until its subtype (森林火灾,
-- 草原火灾) says which; the crop-pest type is named as its plan subclass.
UPDATE incident_types SET grading = 'forest_fire+grassland_fire'
  WHERE code = 'N02' AND grading = 'forest_fire';
UPDATE incident_types SET name = '农作物有害生物及农业外来有害生物',
  name_en = 'Crop pests and invasive species'
  WHERE code = 'N06' AND name = '农作物有害生物';
