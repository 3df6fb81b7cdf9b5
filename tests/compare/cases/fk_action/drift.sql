-- drift
ALTER TABLE jobs DROP CONSTRAINT jobs_project_id_fkey;
ALTER TABLE jobs ADD CONSTRAINT jobs_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects (id);
