BEGIN TRANSACTION;
CREATE TABLE "accounts_organisation" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(200) NOT NULL, "code" varchar(50) NOT NULL, "kind" varchar(20) NOT NULL, "parent_id" bigint NULL REFERENCES "accounts_organisation" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "org_unique_name_per_parent" UNIQUE ("parent_id", "name"));
INSERT INTO "accounts_organisation" VALUES(1,'财政局','','bureau',NULL);
INSERT INTO "accounts_organisation" VALUES(2,'部门A','','department',1);
INSERT INTO "accounts_organisation" VALUES(3,'单位A1','','unit',2);
INSERT INTO "accounts_organisation" VALUES(4,'单位A2','','unit',2);
INSERT INTO "accounts_organisation" VALUES(5,'部门B','','department',1);
INSERT INTO "accounts_organisation" VALUES(6,'单位B1','','unit',5);
CREATE TABLE "accounts_user" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "password" varchar(128) NOT NULL, "last_login" datetime NULL, "is_superuser" bool NOT NULL, "username" varchar(150) NOT NULL UNIQUE, "first_name" varchar(150) NOT NULL, "last_name" varchar(150) NOT NULL, "email" varchar(254) NOT NULL, "is_staff" bool NOT NULL, "is_active" bool NOT NULL, "date_joined" datetime NOT NULL, "full_name" varchar(100) NOT NULL, "role" varchar(20) NOT NULL, "failed_login_count" integer unsigned NOT NULL CHECK ("failed_login_count" >= 0), "first_failed_login_at" datetime NULL, "locked_until" datetime NULL, "password_changed_at" datetime NULL, "organisation_id" bigint NULL REFERENCES "accounts_organisation" ("id") DEFERRABLE INITIALLY DEFERRED, "must_change_password" bool NOT NULL, "session_serial" integer unsigned NOT NULL CHECK ("session_serial" >= 0), "totp_enabled_at" datetime NULL, "totp_last_step" bigint NULL, "totp_secret" varchar(64) NOT NULL);
INSERT INTO "accounts_user" VALUES(1,'pbkdf2_sha256$1000000$qK8IBo6Mhpjmirnfd7EYtU$hzHkOpRmLhx55vBWuN330E4mrbLvDBvv/w6R5UlkmoE=',NULL,0,'admin','','','',1,1,'2026-11-29 03:28:57.854768','admin','admin',0,NULL,NULL,'2026-11-29 03:28:58.116176',NULL,0,0,NULL,NULL,'');
INSERT INTO "accounts_user" VALUES(2,'pbkdf2_sha256$1000000$JtkU6slbQAOJeiHQOHB5mb$FPTPEtXmjALOE/12vOnudSFg1r9bbXovbgveEroTEHM=',NULL,0,'finance','','','',0,1,'2026-11-29 03:28:58.128447','finance','finance',0,NULL,NULL,'2026-11-29 03:28:58.419177',1,0,0,NULL,NULL,'');
INSERT INTO "accounts_user" VALUES(3,'pbkdf2_sha256$1000000$vWhZgywhiyfXFczvXqvSBj$5SEPpcI0EK+B0xcYywEN1gUGrQ239kg5iPqv/0G3CVU=',NULL,0,'dept_reviewer','','','',0,1,'2026-11-29 03:28:58.425505','dept_reviewer','dept_reviewer',0,NULL,NULL,'2026-11-29 03:28:58.681292',2,0,0,NULL,NULL,'');
INSERT INTO "accounts_user" VALUES(4,'pbkdf2_sha256$1000000$0huPB5w8ClUgmVCyi9Qicu$Zw0SKABqA0TbU1fBeHqHCuXxywkvNhMrukqtU9VK2GY=',NULL,0,'dept_filler','','','',0,1,'2026-11-29 03:28:58.683074','dept_filler','filler',0,NULL,NULL,'2026-11-29 03:28:59.029200',2,0,0,NULL,NULL,'');
INSERT INTO "accounts_user" VALUES(5,'pbkdf2_sha256$1000000$BYAKJoraMQRWveGuen7gmA$0eAseZ9QHn9pcxF4dmp67IgFwoVnxvYxKL3+1M1ECwY=',NULL,0,'unit_filler','','','',0,1,'2026-11-29 03:28:59.030426','unit_filler','filler',0,NULL,NULL,'2026-11-29 03:28:59.335710',3,0,0,NULL,NULL,'');
INSERT INTO "accounts_user" VALUES(6,'pbkdf2_sha256$1000000$2Fy3UDdUCKwYNKG94apHmK$nc8mRFYqa7LWGV9MTUqcMKUB8vLJHav8d0NFJ7oP/o4=',NULL,0,'other_filler','','','',0,1,'2026-11-29 03:28:59.337384','other_filler','filler',0,NULL,NULL,'2026-11-29 03:28:59.682712',5,0,0,NULL,NULL,'');
INSERT INTO "accounts_user" VALUES(7,'pbkdf2_sha256$1000000$QoxFfLyXybyVj7Mb6148YS$qm/dnWYHyItAkGXW6Z5MyYdEKCn1zygQhitzT6pIyFQ=',NULL,0,'auditor','','','',0,1,'2026-11-29 03:28:59.684005','auditor','auditor',0,NULL,NULL,'2026-11-29 03:29:00.006373',NULL,0,0,NULL,NULL,'');
CREATE TABLE "accounts_user_groups" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "user_id" bigint NOT NULL REFERENCES "accounts_user" ("id") DEFERRABLE INITIALLY DEFERRED, "group_id" integer NOT NULL REFERENCES "auth_group" ("id") DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE "accounts_user_user_permissions" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "user_id" bigint NOT NULL REFERENCES "accounts_user" ("id") DEFERRABLE INITIALLY DEFERRED, "permission_id" integer NOT NULL REFERENCES "auth_permission" ("id") DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE "audit_auditevent" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "at" datetime NOT NULL, "actor_username" varchar(150) NOT NULL, "actor_role" varchar(20) NOT NULL, "ip" char(39) NULL, "action" varchar(20) NOT NULL, "object_type" varchar(40) NOT NULL, "object_id" varchar(64) NOT NULL, "object_repr" varchar(300) NOT NULL, "plan_id" bigint NULL, "result" varchar(10) NOT NULL, "message" text NOT NULL, "before" text NULL CHECK ((JSON_VALID("before") OR "before" IS NULL)), "after" text NULL CHECK ((JSON_VALID("after") OR "after" IS NULL)), "actor_id" bigint NULL, "organisation_id" bigint NULL);
INSERT INTO "audit_auditevent" VALUES(1,'2026-11-29 03:28:57.848122','','',NULL,'create','organisation','1','财政局',NULL,'ok','',NULL,'{"id": 1, "name": "\u8d22\u653f\u5c40", "code": "", "kind": "bureau", "parent_id": null}',NULL,NULL);
INSERT INTO "audit_auditevent" VALUES(2,'2026-11-29 03:28:57.853111','','',NULL,'create','organisation','2','部门A',NULL,'ok','',NULL,'{"id": 2, "name": "\u90e8\u95e8A", "code": "", "kind": "department", "parent_id": 1}',NULL,NULL);
INSERT INTO "audit_auditevent" VALUES(3,'2026-11-29 03:28:57.853513','','',NULL,'create','organisation','3','单位A1',NULL,'ok','',NULL,'{"id": 3, "name": "\u5355\u4f4dA1", "code": "", "kind": "unit", "parent_id": 2}',NULL,NULL);
INSERT INTO "audit_auditevent" VALUES(4,'2026-11-29 03:28:57.853863','','',NULL,'create','organisation','4','单位A2',NULL,'ok','',NULL,'{"id": 4, "name": "\u5355\u4f4dA2", "code": "", "kind": "unit", "parent_id": 2}',NULL,NULL);
INSERT INTO "audit_auditevent" VALUES(5,'2026-11-29 03:28:57.854213','','',NULL,'create','organisation','5','部门B',NULL,'ok','',NULL,'{"id": 5, "name": "\u90e8\u95e8B", "code": "", "kind": "department", "parent_id": 1}',NULL,NULL);
INSERT INTO "audit_auditevent" VALUES(6,'2026-11-29 03:28:57.854532','','',NULL,'create','organisation','6','单位B1',NULL,'ok','',NULL,'{"id": 6, "name": "\u5355\u4f4dB1", "code": "", "kind": "unit", "parent_id": 5}',NULL,NULL);
INSERT INTO "audit_auditevent" VALUES(7,'2026-11-29 03:28:58.121734','','',NULL,'create','user','1','admin (admin)',NULL,'ok','',NULL,'{"username": "admin", "full_name": "admin", "email": "", "role": "admin", "organisation_id": null, "is_active": true, "is_staff": true, "is_superuser": false}',NULL,NULL);
INSERT INTO "audit_auditevent" VALUES(8,'2026-11-29 03:28:58.424583','','',NULL,'create','user','2','finance (finance)',NULL,'ok','',NULL,'{"username": "finance", "full_name": "finance", "email": "", "role": "finance", "organisation_id": 1, "is_active": true, "is_staff": false, "is_superuser": false}',NULL,1);
INSERT INTO "audit_auditevent" VALUES(9,'2026-11-29 03:28:58.682477','','',NULL,'create','user','3','dept_reviewer (dept_reviewer)',NULL,'ok','',NULL,'{"username": "dept_reviewer", "full_name": "dept_reviewer", "email": "", "role": "dept_reviewer", "organisation_id": 2, "is_active": true, "is_staff": false, "is_superuser": false}',NULL,2);
INSERT INTO "audit_auditevent" VALUES(10,'2026-11-29 03:28:59.030038','','',NULL,'create','user','4','dept_filler (dept_filler)',NULL,'ok','',NULL,'{"username": "dept_filler", "full_name": "dept_filler", "email": "", "role": "filler", "organisation_id": 2, "is_active": true, "is_staff": false, "is_superuser": false}',NULL,2);
INSERT INTO "audit_auditevent" VALUES(11,'2026-11-29 03:28:59.336872','','',NULL,'create','user','5','unit_filler (unit_filler)',NULL,'ok','',NULL,'{"username": "unit_filler", "full_name": "unit_filler", "email": "", "role": "filler", "organisation_id": 3, "is_active": true, "is_staff": false, "is_superuser": false}',NULL,3);
INSERT INTO "audit_auditevent" VALUES(12,'2026-11-29 03:28:59.683629','','',NULL,'create','user','6','other_filler (other_filler)',NULL,'ok','',NULL,'{"username": "other_filler", "full_name": "other_filler", "email": "", "role": "filler", "organisation_id": 5, "is_active": true, "is_staff": false, "is_superuser": false}',NULL,5);
INSERT INTO "audit_auditevent" VALUES(13,'2026-11-29 03:29:00.007475','','',NULL,'create','user','7','auditor (auditor)',NULL,'ok','',NULL,'{"username": "auditor", "full_name": "auditor", "email": "", "role": "auditor", "organisation_id": null, "is_active": true, "is_staff": false, "is_superuser": false}',NULL,NULL);
INSERT INTO "audit_auditevent" VALUES(14,'2026-11-29 03:29:00.079428','','',NULL,'transition','plan','1','单位A1 2023年绩效目标',1,'ok','提交审核','{"status": "draft", "adjusting": false}','{"status": "submitted", "adjusting": false, "transition": "submit", "grade": null, "comment": "\u63d0\u4ea4", "reason": "", "version": 2}',NULL,3);
INSERT INTO "audit_auditevent" VALUES(15,'2026-11-29 03:29:00.177765','','',NULL,'transition','plan','1','单位A1 2023年绩效目标',1,'ok','部门审核退回','{"status": "submitted", "adjusting": false}','{"status": "returned", "adjusting": false, "transition": "dept_return", "grade": "\u4e2d", "comment": "\u8bf7\u4fee\u6539 <b>x</b>", "reason": "", "version": 3}',NULL,3);
INSERT INTO "audit_auditevent" VALUES(16,'2026-11-29 03:29:00.212307','','',NULL,'transition','plan','1','单位A1 2023年绩效目标',1,'ok','提交审核','{"status": "returned", "adjusting": false}','{"status": "submitted", "adjusting": false, "transition": "submit", "grade": null, "comment": "", "reason": "", "version": 4}',NULL,3);
INSERT INTO "audit_auditevent" VALUES(17,'2026-11-29 03:29:00.259236','','',NULL,'transition','plan','1','单位A1 2023年绩效目标',1,'ok','部门审核通过','{"status": "submitted", "adjusting": false}','{"status": "dept_approved", "adjusting": false, "transition": "dept_approve", "grade": "\u826f", "comment": "", "reason": "", "version": 5}',NULL,3);
INSERT INTO "audit_auditevent" VALUES(18,'2026-11-29 03:29:00.313392','','',NULL,'transition','plan','1','单位A1 2023年绩效目标',1,'ok','财政审核通过','{"status": "dept_approved", "adjusting": false}','{"status": "approved", "adjusting": false, "transition": "finance_approve", "grade": "\u4f18", "comment": "", "reason": "", "version": 6}',NULL,3);
CREATE TABLE "auth_group" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(150) NOT NULL UNIQUE);
CREATE TABLE "auth_group_permissions" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "group_id" integer NOT NULL REFERENCES "auth_group" ("id") DEFERRABLE INITIALLY DEFERRED, "permission_id" integer NOT NULL REFERENCES "auth_permission" ("id") DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE "auth_permission" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "content_type_id" integer NOT NULL REFERENCES "django_content_type" ("id") DEFERRABLE INITIALLY DEFERRED, "codename" varchar(100) NOT NULL, "name" varchar(255) NOT NULL);
INSERT INTO "auth_permission" VALUES(1,1,'add_permission','Can add permission');
INSERT INTO "auth_permission" VALUES(2,1,'change_permission','Can change permission');
INSERT INTO "auth_permission" VALUES(3,1,'delete_permission','Can delete permission');
INSERT INTO "auth_permission" VALUES(4,1,'view_permission','Can view permission');
INSERT INTO "auth_permission" VALUES(5,2,'add_group','Can add group');
INSERT INTO "auth_permission" VALUES(6,2,'change_group','Can change group');
INSERT INTO "auth_permission" VALUES(7,2,'delete_group','Can delete group');
INSERT INTO "auth_permission" VALUES(8,2,'view_group','Can view group');
INSERT INTO "auth_permission" VALUES(9,3,'add_contenttype','Can add content type');
INSERT INTO "auth_permission" VALUES(10,3,'change_contenttype','Can change content type');
INSERT INTO "auth_permission" VALUES(11,3,'delete_contenttype','Can delete content type');
INSERT INTO "auth_permission" VALUES(12,3,'view_contenttype','Can view content type');
INSERT INTO "auth_permission" VALUES(13,4,'add_organisation','Can add 机构');
INSERT INTO "auth_permission" VALUES(14,4,'change_organisation','Can change 机构');
INSERT INTO "auth_permission" VALUES(15,4,'delete_organisation','Can delete 机构');
INSERT INTO "auth_permission" VALUES(16,4,'view_organisation','Can view 机构');
INSERT INTO "auth_permission" VALUES(17,5,'add_user','Can add 用户');
INSERT INTO "auth_permission" VALUES(18,5,'change_user','Can change 用户');
INSERT INTO "auth_permission" VALUES(19,5,'delete_user','Can delete 用户');
INSERT INTO "auth_permission" VALUES(20,5,'view_user','Can view 用户');
INSERT INTO "auth_permission" VALUES(21,6,'view_auditevent','Can view 审计记录');
INSERT INTO "auth_permission" VALUES(22,7,'add_measure','Can add measure');
INSERT INTO "auth_permission" VALUES(23,7,'change_measure','Can change measure');
INSERT INTO "auth_permission" VALUES(24,7,'delete_measure','Can delete measure');
INSERT INTO "auth_permission" VALUES(25,7,'view_measure','Can view measure');
INSERT INTO "auth_permission" VALUES(26,8,'add_evidence','Can add evidence');
INSERT INTO "auth_permission" VALUES(27,8,'change_evidence','Can change evidence');
INSERT INTO "auth_permission" VALUES(28,8,'delete_evidence','Can delete evidence');
INSERT INTO "auth_permission" VALUES(29,8,'view_evidence','Can view evidence');
INSERT INTO "auth_permission" VALUES(30,9,'add_plan','Can add 绩效目标');
INSERT INTO "auth_permission" VALUES(31,9,'change_plan','Can change 绩效目标');
INSERT INTO "auth_permission" VALUES(32,9,'delete_plan','Can delete 绩效目标');
INSERT INTO "auth_permission" VALUES(33,9,'view_plan','Can view 绩效目标');
INSERT INTO "auth_permission" VALUES(34,10,'add_leftover','Can add leftover');
INSERT INTO "auth_permission" VALUES(35,10,'change_leftover','Can change leftover');
INSERT INTO "auth_permission" VALUES(36,10,'delete_leftover','Can delete leftover');
INSERT INTO "auth_permission" VALUES(37,10,'view_leftover','Can view leftover');
INSERT INTO "auth_permission" VALUES(38,11,'add_planversion','Can add plan version');
INSERT INTO "auth_permission" VALUES(39,11,'change_planversion','Can change plan version');
INSERT INTO "auth_permission" VALUES(40,11,'delete_planversion','Can delete plan version');
INSERT INTO "auth_permission" VALUES(41,11,'view_planversion','Can view plan version');
INSERT INTO "auth_permission" VALUES(42,12,'add_adjustment','Can add adjustment');
INSERT INTO "auth_permission" VALUES(43,12,'change_adjustment','Can change adjustment');
INSERT INTO "auth_permission" VALUES(44,12,'delete_adjustment','Can delete adjustment');
INSERT INTO "auth_permission" VALUES(45,12,'view_adjustment','Can view adjustment');
INSERT INTO "auth_permission" VALUES(46,13,'add_project','Can add 项目');
INSERT INTO "auth_permission" VALUES(47,13,'change_project','Can change 项目');
INSERT INTO "auth_permission" VALUES(48,13,'delete_project','Can delete 项目');
INSERT INTO "auth_permission" VALUES(49,13,'view_project','Can view 项目');
INSERT INTO "auth_permission" VALUES(50,14,'add_fundline','Can add fund line');
INSERT INTO "auth_permission" VALUES(51,14,'change_fundline','Can change fund line');
INSERT INTO "auth_permission" VALUES(52,14,'delete_fundline','Can delete fund line');
INSERT INTO "auth_permission" VALUES(53,14,'view_fundline','Can view fund line');
INSERT INTO "auth_permission" VALUES(54,15,'add_checkpoint','Can add checkpoint');
INSERT INTO "auth_permission" VALUES(55,15,'change_checkpoint','Can change checkpoint');
INSERT INTO "auth_permission" VALUES(56,15,'delete_checkpoint','Can delete checkpoint');
INSERT INTO "auth_permission" VALUES(57,15,'view_checkpoint','Can view checkpoint');
INSERT INTO "auth_permission" VALUES(58,16,'add_reviewrecord','Can add review record');
INSERT INTO "auth_permission" VALUES(59,16,'change_reviewrecord','Can change review record');
INSERT INTO "auth_permission" VALUES(60,16,'delete_reviewrecord','Can delete review record');
INSERT INTO "auth_permission" VALUES(61,16,'view_reviewrecord','Can view review record');
INSERT INTO "auth_permission" VALUES(62,17,'add_subgoal','Can add sub goal');
INSERT INTO "auth_permission" VALUES(63,17,'change_subgoal','Can change sub goal');
INSERT INTO "auth_permission" VALUES(64,17,'delete_subgoal','Can delete sub goal');
INSERT INTO "auth_permission" VALUES(65,17,'view_subgoal','Can view sub goal');
INSERT INTO "auth_permission" VALUES(66,18,'add_indicator','Can add indicator');
INSERT INTO "auth_permission" VALUES(67,18,'change_indicator','Can change indicator');
INSERT INTO "auth_permission" VALUES(68,18,'delete_indicator','Can delete indicator');
INSERT INTO "auth_permission" VALUES(69,18,'view_indicator','Can view indicator');
CREATE TABLE "django_content_type" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "app_label" varchar(100) NOT NULL, "model" varchar(100) NOT NULL);
INSERT INTO "django_content_type" VALUES(1,'auth','permission');
INSERT INTO "django_content_type" VALUES(2,'auth','group');
INSERT INTO "django_content_type" VALUES(3,'contenttypes','contenttype');
INSERT INTO "django_content_type" VALUES(4,'accounts','organisation');
INSERT INTO "django_content_type" VALUES(5,'accounts','user');
INSERT INTO "django_content_type" VALUES(6,'audit','auditevent');
INSERT INTO "django_content_type" VALUES(7,'plans','measure');
INSERT INTO "django_content_type" VALUES(8,'plans','evidence');
INSERT INTO "django_content_type" VALUES(9,'plans','plan');
INSERT INTO "django_content_type" VALUES(10,'plans','leftover');
INSERT INTO "django_content_type" VALUES(11,'plans','planversion');
INSERT INTO "django_content_type" VALUES(12,'plans','adjustment');
INSERT INTO "django_content_type" VALUES(13,'plans','project');
INSERT INTO "django_content_type" VALUES(14,'plans','fundline');
INSERT INTO "django_content_type" VALUES(15,'plans','checkpoint');
INSERT INTO "django_content_type" VALUES(16,'plans','reviewrecord');
INSERT INTO "django_content_type" VALUES(17,'plans','subgoal');
INSERT INTO "django_content_type" VALUES(18,'plans','indicator');
CREATE TABLE "django_migrations" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "app" varchar(255) NOT NULL, "name" varchar(255) NOT NULL, "applied" datetime NOT NULL);
INSERT INTO "django_migrations" VALUES(1,'contenttypes','0001_initial','2026-11-29 03:28:57.378245');
INSERT INTO "django_migrations" VALUES(2,'contenttypes','0002_remove_content_type_name','2026-11-29 03:28:57.381298');
INSERT INTO "django_migrations" VALUES(3,'auth','0001_initial','2026-11-29 03:28:57.385930');
INSERT INTO "django_migrations" VALUES(4,'auth','0002_alter_permission_name_max_length','2026-11-29 03:28:57.388447');
INSERT INTO "django_migrations" VALUES(5,'auth','0003_alter_user_email_max_length','2026-11-29 03:28:57.390352');
INSERT INTO "django_migrations" VALUES(6,'auth','0004_alter_user_username_opts','2026-11-29 03:28:57.396731');
INSERT INTO "django_migrations" VALUES(7,'auth','0005_alter_user_last_login_null','2026-11-29 03:28:57.398750');
INSERT INTO "django_migrations" VALUES(8,'auth','0006_require_contenttypes_0002','2026-11-29 03:28:57.399074');
INSERT INTO "django_migrations" VALUES(9,'auth','0007_alter_validators_add_error_messages','2026-11-29 03:28:57.405977');
INSERT INTO "django_migrations" VALUES(10,'auth','0008_alter_user_username_max_length','2026-11-29 03:28:57.407753');
INSERT INTO "django_migrations" VALUES(11,'auth','0009_alter_user_last_name_max_length','2026-11-29 03:28:57.409569');
INSERT INTO "django_migrations" VALUES(12,'auth','0010_alter_group_name_max_length','2026-11-29 03:28:57.411806');
INSERT INTO "django_migrations" VALUES(13,'auth','0011_update_proxy_permissions','2026-11-29 03:28:57.417783');
INSERT INTO "django_migrations" VALUES(14,'auth','0012_alter_user_first_name_max_length','2026-11-29 03:28:57.419500');
INSERT INTO "django_migrations" VALUES(15,'accounts','0001_initial','2026-11-29 03:28:57.431037');
INSERT INTO "django_migrations" VALUES(16,'accounts','0002_security_fields','2026-11-29 03:28:57.466281');
INSERT INTO "django_migrations" VALUES(17,'audit','0001_initial','2026-11-29 03:28:57.502382');
INSERT INTO "django_migrations" VALUES(18,'audit','0002_append_only_triggers','2026-11-29 03:28:57.502827');
INSERT INTO "django_migrations" VALUES(19,'audit','0003_purge_and_actions','2026-11-29 03:28:57.514780');
INSERT INTO "django_migrations" VALUES(20,'plans','0001_initial','2026-11-29 03:28:57.675104');
CREATE TABLE "plans_adjustment" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "reason" text NOT NULL, "status" varchar(10) NOT NULL, "requested_at" datetime NOT NULL, "decided_at" datetime NULL, "requested_by_id" bigint NULL REFERENCES "accounts_user" ("id") DEFERRABLE INITIALLY DEFERRED, "plan_id" bigint NOT NULL REFERENCES "plans_plan" ("id") DEFERRABLE INITIALLY DEFERRED, "base_version_id" bigint NULL REFERENCES "plans_planversion" ("id") DEFERRABLE INITIALLY DEFERRED, "final_version_id" bigint NULL REFERENCES "plans_planversion" ("id") DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE "plans_checkpoint" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "position" integer unsigned NOT NULL CHECK ("position" >= 0), "label" varchar(30) NOT NULL, "month" smallint unsigned NOT NULL CHECK ("month" >= 0), "percent" decimal NOT NULL, "project_id" bigint NOT NULL REFERENCES "plans_project" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "plans_checkpoint" VALUES(1,0,'6月底',6,50,1);
INSERT INTO "plans_checkpoint" VALUES(2,1,'12月底',12,100,1);
INSERT INTO "plans_checkpoint" VALUES(3,0,'6月底',6,50,2);
INSERT INTO "plans_checkpoint" VALUES(4,1,'12月底',12,100,2);
INSERT INTO "plans_checkpoint" VALUES(5,0,'6月底',6,50,3);
INSERT INTO "plans_checkpoint" VALUES(6,1,'12月底',12,100,3);
INSERT INTO "plans_checkpoint" VALUES(7,0,'6月底',6,50,4);
INSERT INTO "plans_checkpoint" VALUES(8,1,'12月底',12,100,4);
CREATE TABLE "plans_evidence" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "file" varchar(300) NOT NULL, "original_name" varchar(255) NOT NULL, "size" bigint unsigned NOT NULL CHECK ("size" >= 0), "content_type" varchar(100) NOT NULL, "uploaded_at" datetime NOT NULL, "uploaded_by_id" bigint NULL REFERENCES "accounts_user" ("id") DEFERRABLE INITIALLY DEFERRED, "measure_id" bigint NOT NULL REFERENCES "plans_measure" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "plans_evidence" VALUES(1,'evidence/1/fixture','佐证.pdf',3,'','2026-11-29 03:29:00.315303',NULL,1);
CREATE TABLE "plans_fundline" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "position" integer unsigned NOT NULL CHECK ("position" >= 0), "source" varchar(100) NOT NULL, "amount" decimal NOT NULL, "unit" varchar(4) NOT NULL, "project_id" bigint NOT NULL REFERENCES "plans_project" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "plans_fundline" VALUES(1,0,'财政拨款',150,'万元',1);
INSERT INTO "plans_fundline" VALUES(2,0,'财政拨款',150,'万元',2);
INSERT INTO "plans_fundline" VALUES(3,0,'财政拨款',150,'万元',3);
INSERT INTO "plans_fundline" VALUES(4,0,'财政拨款',150,'万元',4);
CREATE TABLE "plans_indicator" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "position" integer unsigned NOT NULL CHECK ("position" >= 0), "level1" varchar(100) NOT NULL, "level2" varchar(100) NOT NULL, "level3" varchar(300) NOT NULL, "description" text NOT NULL, "target_raw" varchar(300) NOT NULL, "target" text NULL CHECK ((JSON_VALID("target") OR "target" IS NULL)), "target_display" varchar(300) NOT NULL, "basis" varchar(300) NOT NULL, "basis_code" varchar(20) NOT NULL, "weight" decimal NULL, "long_term_target" text NULL CHECK ((JSON_VALID("long_term_target") OR "long_term_target" IS NULL)), "ident" varchar(100) NOT NULL, "source" text NULL CHECK ((JSON_VALID("source") OR "source" IS NULL)), "project_id" bigint NULL REFERENCES "plans_project" ("id") DEFERRABLE INITIALLY DEFERRED, "sub_goal_id" bigint NULL REFERENCES "plans_subgoal" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "indicator_belongs_to_one_parent" CHECK ((("project_id" IS NOT NULL AND "sub_goal_id" IS NULL) OR ("project_id" IS NULL AND "sub_goal_id" IS NOT NULL))));
INSERT INTO "plans_indicator" VALUES(1,0,'产出指标','数量指标','签约项目','签约项目','15个','{"raw": "15\u4e2a", "kind": "quantitative", "comparator": "\u2265", "comparator_source": "default", "value": "15", "unit": "\u4e2a", "normalized": {"value": "15", "unit": "\u4e2a"}, "lower": null, "upper": null, "deadline": null, "deadline_month": null, "start": null, "flag": null, "grade": null, "notes": []}','15 个','工作要求','',NULL,NULL,'',NULL,1,NULL);
INSERT INTO "plans_indicator" VALUES(2,1,'效益指标','经济效益指标','促进经济增长','促进经济增长','','{"raw": "", "kind": "empty", "comparator": null, "comparator_source": null, "value": null, "unit": null, "normalized": null, "lower": null, "upper": null, "deadline": null, "deadline_month": null, "start": null, "flag": null, "grade": null, "notes": []}','','工作要求','',NULL,NULL,'',NULL,1,NULL);
INSERT INTO "plans_indicator" VALUES(3,2,'满意度指标','服务对象满意度指标','投资者满意度','投资者满意度','95%以上','{"raw": "95%\u4ee5\u4e0a", "kind": "quantitative", "comparator": "\u2265", "comparator_source": "explicit", "value": "95", "unit": "%", "normalized": {"value": "95", "unit": "%"}, "lower": null, "upper": null, "deadline": null, "deadline_month": null, "start": null, "flag": null, "grade": null, "notes": []}','≥ 95 %','工作要求','',NULL,NULL,'',NULL,1,NULL);
INSERT INTO "plans_indicator" VALUES(4,0,'产出指标','数量指标','签约项目','签约项目','15个','{"raw": "15\u4e2a", "kind": "quantitative", "comparator": "\u2265", "comparator_source": "default", "value": "15", "unit": "\u4e2a", "normalized": {"value": "15", "unit": "\u4e2a"}, "lower": null, "upper": null, "deadline": null, "deadline_month": null, "start": null, "flag": null, "grade": null, "notes": []}','15 个','工作要求','',NULL,NULL,'',NULL,2,NULL);
INSERT INTO "plans_indicator" VALUES(5,1,'效益指标','经济效益指标','促进经济增长','促进经济增长','','{"raw": "", "kind": "empty", "comparator": null, "comparator_source": null, "value": null, "unit": null, "normalized": null, "lower": null, "upper": null, "deadline": null, "deadline_month": null, "start": null, "flag": null, "grade": null, "notes": []}','','工作要求','',NULL,NULL,'',NULL,2,NULL);
INSERT INTO "plans_indicator" VALUES(6,2,'满意度指标','服务对象满意度指标','投资者满意度','投资者满意度','95%以上','{"raw": "95%\u4ee5\u4e0a", "kind": "quantitative", "comparator": "\u2265", "comparator_source": "explicit", "value": "95", "unit": "%", "normalized": {"value": "95", "unit": "%"}, "lower": null, "upper": null, "deadline": null, "deadline_month": null, "start": null, "flag": null, "grade": null, "notes": []}','≥ 95 %','工作要求','',NULL,NULL,'',NULL,2,NULL);
INSERT INTO "plans_indicator" VALUES(7,0,'产出指标','数量指标','签约项目','签约项目','15个','{"raw": "15\u4e2a", "kind": "quantitative", "comparator": "\u2265", "comparator_source": "default", "value": "15", "unit": "\u4e2a", "normalized": {"value": "15", "unit": "\u4e2a"}, "lower": null, "upper": null, "deadline": null, "deadline_month": null, "start": null, "flag": null, "grade": null, "notes": []}','15 个','工作要求','',NULL,NULL,'',NULL,3,NULL);
INSERT INTO "plans_indicator" VALUES(8,1,'效益指标','经济效益指标','促进经济增长','促进经济增长','','{"raw": "", "kind": "empty", "comparator": null, "comparator_source": null, "value": null, "unit": null, "normalized": null, "lower": null, "upper": null, "deadline": null, "deadline_month": null, "start": null, "flag": null, "grade": null, "notes": []}','','工作要求','',NULL,NULL,'',NULL,3,NULL);
INSERT INTO "plans_indicator" VALUES(9,2,'满意度指标','服务对象满意度指标','投资者满意度','投资者满意度','95%以上','{"raw": "95%\u4ee5\u4e0a", "kind": "quantitative", "comparator": "\u2265", "comparator_source": "explicit", "value": "95", "unit": "%", "normalized": {"value": "95", "unit": "%"}, "lower": null, "upper": null, "deadline": null, "deadline_month": null, "start": null, "flag": null, "grade": null, "notes": []}','≥ 95 %','工作要求','',NULL,NULL,'',NULL,3,NULL);
INSERT INTO "plans_indicator" VALUES(10,0,'产出指标','数量指标','签约项目','签约项目','15个','{"raw": "15\u4e2a", "kind": "quantitative", "comparator": "\u2265", "comparator_source": "default", "value": "15", "unit": "\u4e2a", "normalized": {"value": "15", "unit": "\u4e2a"}, "lower": null, "upper": null, "deadline": null, "deadline_month": null, "start": null, "flag": null, "grade": null, "notes": []}','15 个','工作要求','',NULL,NULL,'',NULL,4,NULL);
INSERT INTO "plans_indicator" VALUES(11,1,'效益指标','经济效益指标','促进经济增长','促进经济增长','','{"raw": "", "kind": "empty", "comparator": null, "comparator_source": null, "value": null, "unit": null, "normalized": null, "lower": null, "upper": null, "deadline": null, "deadline_month": null, "start": null, "flag": null, "grade": null, "notes": []}','','工作要求','',NULL,NULL,'',NULL,4,NULL);
INSERT INTO "plans_indicator" VALUES(12,2,'满意度指标','服务对象满意度指标','投资者满意度','投资者满意度','95%以上','{"raw": "95%\u4ee5\u4e0a", "kind": "quantitative", "comparator": "\u2265", "comparator_source": "explicit", "value": "95", "unit": "%", "normalized": {"value": "95", "unit": "%"}, "lower": null, "upper": null, "deadline": null, "deadline_month": null, "start": null, "flag": null, "grade": null, "notes": []}','≥ 95 %','工作要求','',NULL,NULL,'',NULL,4,NULL);
CREATE TABLE "plans_leftover" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "position" integer unsigned NOT NULL CHECK ("position" >= 0), "text" text NOT NULL, "reason" varchar(300) NOT NULL, "source" text NULL CHECK ((JSON_VALID("source") OR "source" IS NULL)), "plan_id" bigint NOT NULL REFERENCES "plans_plan" ("id") DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE "plans_measure" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "lock_version" integer unsigned NOT NULL CHECK ("lock_version" >= 0), "updated_at" datetime NOT NULL, "position" integer unsigned NOT NULL CHECK ("position" >= 0), "title" varchar(300) NOT NULL, "text" text NOT NULL, "owner" varchar(100) NOT NULL, "status" varchar(20) NOT NULL, "due_date" date NULL, "source" text NULL CHECK ((JSON_VALID("source") OR "source" IS NULL)), "updated_by_id" bigint NULL REFERENCES "accounts_user" ("id") DEFERRABLE INITIALLY DEFERRED, "plan_id" bigint NOT NULL REFERENCES "plans_plan" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "plans_measure" VALUES(1,1,'2026-11-29 03:29:00.042260',0,'完善制度建设','制定制度','','not_started',NULL,NULL,NULL,1);
INSERT INTO "plans_measure" VALUES(2,1,'2026-11-29 03:29:00.323444',0,'完善制度建设','制定制度','','not_started',NULL,NULL,NULL,2);
CREATE TABLE "plans_plan" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "lock_version" integer unsigned NOT NULL CHECK ("lock_version" >= 0), "updated_at" datetime NOT NULL, "year" smallint unsigned NOT NULL CHECK ("year" >= 0), "status" varchar(20) NOT NULL, "adjusting" bool NOT NULL, "profile" varchar(100) NOT NULL, "overall_goal" text NOT NULL, "source_file" varchar(255) NOT NULL, "created_at" datetime NOT NULL, "approved_at" datetime NULL, "created_by_id" bigint NULL REFERENCES "accounts_user" ("id") DEFERRABLE INITIALLY DEFERRED, "organisation_id" bigint NOT NULL REFERENCES "accounts_organisation" ("id") DEFERRABLE INITIALLY DEFERRED, "updated_by_id" bigint NULL REFERENCES "accounts_user" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "plan_one_per_org_year" UNIQUE ("organisation_id", "year"));
INSERT INTO "plans_plan" VALUES(1,1,'2026-11-29 03:29:00.289626',2023,'approved',0,'national','总体目标','small.txt','2026-11-29 03:29:00.008423','2026-11-29 03:29:00.289454',NULL,3,2);
INSERT INTO "plans_plan" VALUES(2,1,'2026-11-29 03:29:00.315622',2024,'draft',0,'national','总体目标','small.txt','2026-11-29 03:29:00.315647',NULL,NULL,5,NULL);
CREATE TABLE "plans_planversion" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "number" integer unsigned NOT NULL CHECK ("number" >= 0), "event" varchar(20) NOT NULL, "status" varchar(20) NOT NULL, "adjusting" bool NOT NULL, "snapshot" text NOT NULL, "extra" text NOT NULL CHECK ((JSON_VALID("extra") OR "extra" IS NULL)), "comment" text NOT NULL, "at" datetime NOT NULL, "actor_id" bigint NULL REFERENCES "accounts_user" ("id") DEFERRABLE INITIALLY DEFERRED, "plan_id" bigint NOT NULL REFERENCES "plans_plan" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "plan_version_unique" UNIQUE ("plan_id", "number"));
INSERT INTO "plans_planversion" VALUES(1,1,'import','draft',0,'{
  "format": "jixiao.plan",
  "version": 1,
  "year": 2023,
  "department": "部门A",
  "unit": "单位A1",
  "source_file": "small.txt",
  "overall_goal": "总体目标",
  "sub_goals": [
    {
      "title": "分项一",
      "goal": "目标",
      "indicators": [
        "签约项目"
      ],
      "targets": [],
      "project_codes": [],
      "source": null
    }
  ],
  "measures": [
    {
      "title": "完善制度建设",
      "text": "制定制度",
      "source": null
    }
  ],
  "projects": [
    {
      "code": "P001",
      "name": "项目1",
      "department": null,
      "unit": null,
      "funds": {
        "total": {
          "amount": 150,
          "unit": "万元",
          "yuan": 1500000
        },
        "lines": [
          {
            "source": "财政拨款",
            "amount": {
              "amount": 150,
              "unit": "万元",
              "yuan": 1500000
            }
          }
        ]
      },
      "purpose": "用途",
      "spending_plan": [
        {
          "label": "6月底",
          "month": 6,
          "percent": 50
        },
        {
          "label": "12月底",
          "month": 12,
          "percent": 100
        }
      ],
      "goal": "完成年度任务",
      "long_term_goal": null,
      "indicators": [
        {
          "id": null,
          "level1": "产出指标",
          "level2": "数量指标",
          "level3": "签约项目",
          "description": "签约项目",
          "target": {
            "raw": "15个",
            "kind": "quantitative",
            "comparator": "≥",
            "comparator_source": "default",
            "value": 15,
            "unit": "个",
            "normalized": {
              "value": 15,
              "unit": "个"
            },
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        },
        {
          "id": null,
          "level1": "效益指标",
          "level2": "经济效益指标",
          "level3": "促进经济增长",
          "description": "促进经济增长",
          "target": {
            "raw": "",
            "kind": "empty",
            "comparator": null,
            "comparator_source": null,
            "value": null,
            "unit": null,
            "normalized": null,
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        },
        {
          "id": null,
          "level1": "满意度指标",
          "level2": "服务对象满意度指标",
          "level3": "投资者满意度",
          "description": "投资者满意度",
          "target": {
            "raw": "95%以上",
            "kind": "quantitative",
            "comparator": "≥",
            "comparator_source": "explicit",
            "value": 95,
            "unit": "%",
            "normalized": {
              "value": 95,
              "unit": "%"
            },
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        }
      ],
      "source": null
    },
    {
      "code": "P002",
      "name": "项目2",
      "department": null,
      "unit": null,
      "funds": {
        "total": {
          "amount": 150,
          "unit": "万元",
          "yuan": 1500000
        },
        "lines": [
          {
            "source": "财政拨款",
            "amount": {
              "amount": 150,
              "unit": "万元",
              "yuan": 1500000
            }
          }
        ]
      },
      "purpose": "用途",
      "spending_plan": [
        {
          "label": "6月底",
          "month": 6,
          "percent": 50
        },
        {
          "label": "12月底",
          "month": 12,
          "percent": 100
        }
      ],
      "goal": "完成年度任务",
      "long_term_goal": null,
      "indicators": [
        {
          "id": null,
          "level1": "产出指标",
          "level2": "数量指标",
          "level3": "签约项目",
          "description": "签约项目",
          "target": {
            "raw": "15个",
            "kind": "quantitative",
            "comparator": "≥",
            "comparator_source": "default",
            "value": 15,
            "unit": "个",
            "normalized": {
              "value": 15,
              "unit": "个"
            },
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        },
        {
          "id": null,
          "level1": "效益指标",
          "level2": "经济效益指标",
          "level3": "促进经济增长",
          "description": "促进经济增长",
          "target": {
            "raw": "",
            "kind": "empty",
            "comparator": null,
            "comparator_source": null,
            "value": null,
            "unit": null,
            "normalized": null,
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        },
        {
          "id": null,
          "level1": "满意度指标",
          "level2": "服务对象满意度指标",
          "level3": "投资者满意度",
          "description": "投资者满意度",
          "target": {
            "raw": "95%以上",
            "kind": "quantitative",
            "comparator": "≥",
            "comparator_source": "explicit",
            "value": 95,
            "unit": "%",
            "normalized": {
              "value": 95,
              "unit": "%"
            },
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        }
      ],
      "source": null
    },
    {
      "code": "P003",
      "name": "项目3",
      "department": null,
      "unit": null,
      "funds": {
        "total": {
          "amount": 150,
          "unit": "万元",
          "yuan": 1500000
        },
        "lines": [
          {
            "source": "财政拨款",
            "amount": {
              "amount": 150,
              "unit": "万元",
              "yuan": 1500000
            }
          }
        ]
      },
      "purpose": "用途",
      "spending_plan": [
        {
          "label": "6月底",
          "month": 6,
          "percent": 50
        },
        {
          "label": "12月底",
          "month": 12,
          "percent": 100
        }
      ],
      "goal": "完成年度任务",
      "long_term_goal": null,
      "indicators": [
        {
          "id": null,
          "level1": "产出指标",
          "level2": "数量指标",
          "level3": "签约项目",
          "description": "签约项目",
          "target": {
            "raw": "15个",
            "kind": "quantitative",
            "comparator": "≥",
            "comparator_source": "default",
            "value": 15,
            "unit": "个",
            "normalized": {
              "value": 15,
              "unit": "个"
            },
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        },
        {
          "id": null,
          "level1": "效益指标",
          "level2": "经济效益指标",
          "level3": "促进经济增长",
          "description": "促进经济增长",
          "target": {
            "raw": "",
            "kind": "empty",
            "comparator": null,
            "comparator_source": null,
            "value": null,
            "unit": null,
            "normalized": null,
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        },
        {
          "id": null,
          "level1": "满意度指标",
          "level2": "服务对象满意度指标",
          "level3": "投资者满意度",
          "description": "投资者满意度",
          "target": {
            "raw": "95%以上",
            "kind": "quantitative",
            "comparator": "≥",
            "comparator_source": "explicit",
            "value": 95,
            "unit": "%",
            "normalized": {
              "value": 95,
              "unit": "%"
            },
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        }
      ],
      "source": null
    }
  ],
  "leftovers": []
}','{"measures": [{"title": "\u5b8c\u5584\u5236\u5ea6\u5efa\u8bbe", "owner": "", "status": "not_started", "due_date": null, "evidence": []}]}','','2026-11-29 03:29:00.067750',NULL,1);
INSERT INTO "plans_planversion" VALUES(2,2,'submit','submitted',0,'{
  "format": "jixiao.plan",
  "version": 1,
  "year": 2023,
  "department": "部门A",
  "unit": "单位A1",
  "source_file": "small.txt",
  "overall_goal": "总体目标",
  "sub_goals": [
    {
      "title": "分项一",
      "goal": "目标",
      "indicators": [
        "签约项目"
      ],
      "targets": [],
      "project_codes": [],
      "source": null
    }
  ],
  "measures": [
    {
      "title": "完善制度建设",
      "text": "制定制度",
      "source": null
    }
  ],
  "projects": [
    {
      "code": "P001",
      "name": "项目1",
      "department": null,
      "unit": null,
      "funds": {
        "total": {
          "amount": 150,
          "unit": "万元",
          "yuan": 1500000
        },
        "lines": [
          {
            "source": "财政拨款",
            "amount": {
              "amount": 150,
              "unit": "万元",
              "yuan": 1500000
            }
          }
        ]
      },
      "purpose": "用途",
      "spending_plan": [
        {
          "label": "6月底",
          "month": 6,
          "percent": 50
        },
        {
          "label": "12月底",
          "month": 12,
          "percent": 100
        }
      ],
      "goal": "完成年度任务",
      "long_term_goal": null,
      "indicators": [
        {
          "id": null,
          "level1": "产出指标",
          "level2": "数量指标",
          "level3": "签约项目",
          "description": "签约项目",
          "target": {
            "raw": "15个",
            "kind": "quantitative",
            "comparator": "≥",
            "comparator_source": "default",
            "value": 15,
            "unit": "个",
            "normalized": {
              "value": 15,
              "unit": "个"
            },
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        },
        {
          "id": null,
          "level1": "效益指标",
          "level2": "经济效益指标",
          "level3": "促进经济增长",
          "description": "促进经济增长",
          "target": {
            "raw": "",
            "kind": "empty",
            "comparator": null,
            "comparator_source": null,
            "value": null,
            "unit": null,
            "normalized": null,
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        },
        {
          "id": null,
          "level1": "满意度指标",
          "level2": "服务对象满意度指标",
          "level3": "投资者满意度",
          "description": "投资者满意度",
          "target": {
            "raw": "95%以上",
            "kind": "quantitative",
            "comparator": "≥",
            "comparator_source": "explicit",
            "value": 95,
            "unit": "%",
            "normalized": {
              "value": 95,
              "unit": "%"
            },
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        }
      ],
      "source": null
    },
    {
      "code": "P002",
      "name": "项目2",
      "department": null,
      "unit": null,
      "funds": {
        "total": {
          "amount": 150,
          "unit": "万元",
          "yuan": 1500000
        },
        "lines": [
          {
            "source": "财政拨款",
            "amount": {
              "amount": 150,
              "unit": "万元",
              "yuan": 1500000
            }
          }
        ]
      },
      "purpose": "用途",
      "spending_plan": [
        {
          "label": "6月底",
          "month": 6,
          "percent": 50
        },
        {
          "label": "12月底",
          "month": 12,
          "percent": 100
        }
      ],
      "goal": "完成年度任务",
      "long_term_goal": null,
      "indicators": [
        {
          "id": null,
          "level1": "产出指标",
          "level2": "数量指标",
          "level3": "签约项目",
          "description": "签约项目",
          "target": {
            "raw": "15个",
            "kind": "quantitative",
            "comparator": "≥",
            "comparator_source": "default",
            "value": 15,
            "unit": "个",
            "normalized": {
              "value": 15,
              "unit": "个"
            },
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        },
        {
          "id": null,
          "level1": "效益指标",
          "level2": "经济效益指标",
          "level3": "促进经济增长",
          "description": "促进经济增长",
          "target": {
            "raw": "",
            "kind": "empty",
            "comparator": null,
            "comparator_source": null,
            "value": null,
            "unit": null,
            "normalized": null,
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        },
        {
          "id": null,
          "level1": "满意度指标",
          "level2": "服务对象满意度指标",
          "level3": "投资者满意度",
          "description": "投资者满意度",
          "target": {
            "raw": "95%以上",
            "kind": "quantitative",
            "comparator": "≥",
            "comparator_source": "explicit",
            "value": 95,
            "unit": "%",
            "normalized": {
              "value": 95,
              "unit": "%"
            },
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        }
      ],
      "source": null
    },
    {
      "code": "P003",
      "name": "项目3",
      "department": null,
      "unit": null,
      "funds": {
        "total": {
          "amount": 150,
          "unit": "万元",
          "yuan": 1500000
        },
        "lines": [
          {
            "source": "财政拨款",
            "amount": {
              "amount": 150,
              "unit": "万元",
              "yuan": 1500000
            }
          }
        ]
      },
      "purpose": "用途",
      "spending_plan": [
        {
          "label": "6月底",
          "month": 6,
          "percent": 50
        },
        {
          "label": "12月底",
          "month": 12,
          "percent": 100
        }
      ],
      "goal": "完成年度任务",
      "long_term_goal": null,
      "indicators": [
        {
          "id": null,
          "level1": "产出指标",
          "level2": "数量指标",
          "level3": "签约项目",
          "description": "签约项目",
          "target": {
            "raw": "15个",
            "kind": "quantitative",
            "comparator": "≥",
            "comparator_source": "default",
            "value": 15,
            "unit": "个",
            "normalized": {
              "value": 15,
              "unit": "个"
            },
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        },
        {
          "id": null,
          "level1": "效益指标",
          "level2": "经济效益指标",
          "level3": "促进经济增长",
          "description": "促进经济增长",
          "target": {
            "raw": "",
            "kind": "empty",
            "comparator": null,
            "comparator_source": null,
            "value": null,
            "unit": null,
            "normalized": null,
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        },
        {
          "id": null,
          "level1": "满意度指标",
          "level2": "服务对象满意度指标",
          "level3": "投资者满意度",
          "description": "投资者满意度",
          "target": {
            "raw": "95%以上",
            "kind": "quantitative",
            "comparator": "≥",
            "comparator_source": "explicit",
            "value": 95,
            "unit": "%",
            "normalized": {
              "value": 95,
              "unit": "%"
            },
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        }
      ],
      "source": null
    }
  ],
  "leftovers": []
}','{"measures": [{"title": "\u5b8c\u5584\u5236\u5ea6\u5efa\u8bbe", "owner": "", "status": "not_started", "due_date": null, "evidence": []}]}','提交','2026-11-29 03:29:00.079123',5,1);
INSERT INTO "plans_planversion" VALUES(3,3,'dept_return','returned',0,'{
  "format": "jixiao.plan",
  "version": 1,
  "year": 2023,
  "department": "部门A",
  "unit": "单位A1",
  "source_file": "small.txt",
  "overall_goal": "总体目标",
  "sub_goals": [
    {
      "title": "分项一",
      "goal": "目标",
      "indicators": [
        "签约项目"
      ],
      "targets": [],
      "project_codes": [],
      "source": null
    }
  ],
  "measures": [
    {
      "title": "完善制度建设",
      "text": "制定制度",
      "source": null
    }
  ],
  "projects": [
    {
      "code": "P001",
      "name": "项目1",
      "department": null,
      "unit": null,
      "funds": {
        "total": {
          "amount": 150,
          "unit": "万元",
          "yuan": 1500000
        },
        "lines": [
          {
            "source": "财政拨款",
            "amount": {
              "amount": 150,
              "unit": "万元",
              "yuan": 1500000
            }
          }
        ]
      },
      "purpose": "用途",
      "spending_plan": [
        {
          "label": "6月底",
          "month": 6,
          "percent": 50
        },
        {
          "label": "12月底",
          "month": 12,
          "percent": 100
        }
      ],
      "goal": "完成年度任务",
      "long_term_goal": null,
      "indicators": [
        {
          "id": null,
          "level1": "产出指标",
          "level2": "数量指标",
          "level3": "签约项目",
          "description": "签约项目",
          "target": {
            "raw": "15个",
            "kind": "quantitative",
            "comparator": "≥",
            "comparator_source": "default",
            "value": 15,
            "unit": "个",
            "normalized": {
              "value": 15,
              "unit": "个"
            },
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        },
        {
          "id": null,
          "level1": "效益指标",
          "level2": "经济效益指标",
          "level3": "促进经济增长",
          "description": "促进经济增长",
          "target": {
            "raw": "",
            "kind": "empty",
            "comparator": null,
            "comparator_source": null,
            "value": null,
            "unit": null,
            "normalized": null,
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        },
        {
          "id": null,
          "level1": "满意度指标",
          "level2": "服务对象满意度指标",
          "level3": "投资者满意度",
          "description": "投资者满意度",
          "target": {
            "raw": "95%以上",
            "kind": "quantitative",
            "comparator": "≥",
            "comparator_source": "explicit",
            "value": 95,
            "unit": "%",
            "normalized": {
              "value": 95,
              "unit": "%"
            },
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        }
      ],
      "source": null
    },
    {
      "code": "P002",
      "name": "项目2",
      "department": null,
      "unit": null,
      "funds": {
        "total": {
          "amount": 150,
          "unit": "万元",
          "yuan": 1500000
        },
        "lines": [
          {
            "source": "财政拨款",
            "amount": {
              "amount": 150,
              "unit": "万元",
              "yuan": 1500000
            }
          }
        ]
      },
      "purpose": "用途",
      "spending_plan": [
        {
          "label": "6月底",
          "month": 6,
          "percent": 50
        },
        {
          "label": "12月底",
          "month": 12,
          "percent": 100
        }
      ],
      "goal": "完成年度任务",
      "long_term_goal": null,
      "indicators": [
        {
          "id": null,
          "level1": "产出指标",
          "level2": "数量指标",
          "level3": "签约项目",
          "description": "签约项目",
          "target": {
            "raw": "15个",
            "kind": "quantitative",
            "comparator": "≥",
            "comparator_source": "default",
            "value": 15,
            "unit": "个",
            "normalized": {
              "value": 15,
              "unit": "个"
            },
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        },
        {
          "id": null,
          "level1": "效益指标",
          "level2": "经济效益指标",
          "level3": "促进经济增长",
          "description": "促进经济增长",
          "target": {
            "raw": "",
            "kind": "empty",
            "comparator": null,
            "comparator_source": null,
            "value": null,
            "unit": null,
            "normalized": null,
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        },
        {
          "id": null,
          "level1": "满意度指标",
          "level2": "服务对象满意度指标",
          "level3": "投资者满意度",
          "description": "投资者满意度",
          "target": {
            "raw": "95%以上",
            "kind": "quantitative",
            "comparator": "≥",
            "comparator_source": "explicit",
            "value": 95,
            "unit": "%",
            "normalized": {
              "value": 95,
              "unit": "%"
            },
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        }
      ],
      "source": null
    },
    {
      "code": "P003",
      "name": "项目3",
      "department": null,
      "unit": null,
      "funds": {
        "total": {
          "amount": 150,
          "unit": "万元",
          "yuan": 1500000
        },
        "lines": [
          {
            "source": "财政拨款",
            "amount": {
              "amount": 150,
              "unit": "万元",
              "yuan": 1500000
            }
          }
        ]
      },
      "purpose": "用途",
      "spending_plan": [
        {
          "label": "6月底",
          "month": 6,
          "percent": 50
        },
        {
          "label": "12月底",
          "month": 12,
          "percent": 100
        }
      ],
      "goal": "完成年度任务",
      "long_term_goal": null,
      "indicators": [
        {
          "id": null,
          "level1": "产出指标",
          "level2": "数量指标",
          "level3": "签约项目",
          "description": "签约项目",
          "target": {
            "raw": "15个",
            "kind": "quantitative",
            "comparator": "≥",
            "comparator_source": "default",
            "value": 15,
            "unit": "个",
            "normalized": {
              "value": 15,
              "unit": "个"
            },
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        },
        {
          "id": null,
          "level1": "效益指标",
          "level2": "经济效益指标",
          "level3": "促进经济增长",
          "description": "促进经济增长",
          "target": {
            "raw": "",
            "kind": "empty",
            "comparator": null,
            "comparator_source": null,
            "value": null,
            "unit": null,
            "normalized": null,
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        },
        {
          "id": null,
          "level1": "满意度指标",
          "level2": "服务对象满意度指标",
          "level3": "投资者满意度",
          "description": "投资者满意度",
          "target": {
            "raw": "95%以上",
            "kind": "quantitative",
            "comparator": "≥",
            "comparator_source": "explicit",
            "value": 95,
            "unit": "%",
            "normalized": {
              "value": 95,
              "unit": "%"
            },
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        }
      ],
      "source": null
    }
  ],
  "leftovers": []
}','{"measures": [{"title": "\u5b8c\u5584\u5236\u5ea6\u5efa\u8bbe", "owner": "", "status": "not_started", "due_date": null, "evidence": []}]}','请修改 <b>x</b>','2026-11-29 03:29:00.172192',3,1);
INSERT INTO "plans_planversion" VALUES(4,4,'submit','submitted',0,'{
  "format": "jixiao.plan",
  "version": 1,
  "year": 2023,
  "department": "部门A",
  "unit": "单位A1",
  "source_file": "small.txt",
  "overall_goal": "总体目标",
  "sub_goals": [
    {
      "title": "分项一",
      "goal": "目标",
      "indicators": [
        "签约项目"
      ],
      "targets": [],
      "project_codes": [],
      "source": null
    }
  ],
  "measures": [
    {
      "title": "完善制度建设",
      "text": "制定制度",
      "source": null
    }
  ],
  "projects": [
    {
      "code": "P001",
      "name": "项目1",
      "department": null,
      "unit": null,
      "funds": {
        "total": {
          "amount": 150,
          "unit": "万元",
          "yuan": 1500000
        },
        "lines": [
          {
            "source": "财政拨款",
            "amount": {
              "amount": 150,
              "unit": "万元",
              "yuan": 1500000
            }
          }
        ]
      },
      "purpose": "用途",
      "spending_plan": [
        {
          "label": "6月底",
          "month": 6,
          "percent": 50
        },
        {
          "label": "12月底",
          "month": 12,
          "percent": 100
        }
      ],
      "goal": "完成年度任务",
      "long_term_goal": null,
      "indicators": [
        {
          "id": null,
          "level1": "产出指标",
          "level2": "数量指标",
          "level3": "签约项目",
          "description": "签约项目",
          "target": {
            "raw": "15个",
            "kind": "quantitative",
            "comparator": "≥",
            "comparator_source": "default",
            "value": 15,
            "unit": "个",
            "normalized": {
              "value": 15,
              "unit": "个"
            },
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        },
        {
          "id": null,
          "level1": "效益指标",
          "level2": "经济效益指标",
          "level3": "促进经济增长",
          "description": "促进经济增长",
          "target": {
            "raw": "",
            "kind": "empty",
            "comparator": null,
            "comparator_source": null,
            "value": null,
            "unit": null,
            "normalized": null,
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        },
        {
          "id": null,
          "level1": "满意度指标",
          "level2": "服务对象满意度指标",
          "level3": "投资者满意度",
          "description": "投资者满意度",
          "target": {
            "raw": "95%以上",
            "kind": "quantitative",
            "comparator": "≥",
            "comparator_source": "explicit",
            "value": 95,
            "unit": "%",
            "normalized": {
              "value": 95,
              "unit": "%"
            },
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        }
      ],
      "source": null
    },
    {
      "code": "P002",
      "name": "项目2",
      "department": null,
      "unit": null,
      "funds": {
        "total": {
          "amount": 150,
          "unit": "万元",
          "yuan": 1500000
        },
        "lines": [
          {
            "source": "财政拨款",
            "amount": {
              "amount": 150,
              "unit": "万元",
              "yuan": 1500000
            }
          }
        ]
      },
      "purpose": "用途",
      "spending_plan": [
        {
          "label": "6月底",
          "month": 6,
          "percent": 50
        },
        {
          "label": "12月底",
          "month": 12,
          "percent": 100
        }
      ],
      "goal": "完成年度任务",
      "long_term_goal": null,
      "indicators": [
        {
          "id": null,
          "level1": "产出指标",
          "level2": "数量指标",
          "level3": "签约项目",
          "description": "签约项目",
          "target": {
            "raw": "15个",
            "kind": "quantitative",
            "comparator": "≥",
            "comparator_source": "default",
            "value": 15,
            "unit": "个",
            "normalized": {
              "value": 15,
              "unit": "个"
            },
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        },
        {
          "id": null,
          "level1": "效益指标",
          "level2": "经济效益指标",
          "level3": "促进经济增长",
          "description": "促进经济增长",
          "target": {
            "raw": "",
            "kind": "empty",
            "comparator": null,
            "comparator_source": null,
            "value": null,
            "unit": null,
            "normalized": null,
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        },
        {
          "id": null,
          "level1": "满意度指标",
          "level2": "服务对象满意度指标",
          "level3": "投资者满意度",
          "description": "投资者满意度",
          "target": {
            "raw": "95%以上",
            "kind": "quantitative",
            "comparator": "≥",
            "comparator_source": "explicit",
            "value": 95,
            "unit": "%",
            "normalized": {
              "value": 95,
              "unit": "%"
            },
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        }
      ],
      "source": null
    },
    {
      "code": "P003",
      "name": "项目3",
      "department": null,
      "unit": null,
      "funds": {
        "total": {
          "amount": 150,
          "unit": "万元",
          "yuan": 1500000
        },
        "lines": [
          {
            "source": "财政拨款",
            "amount": {
              "amount": 150,
              "unit": "万元",
              "yuan": 1500000
            }
          }
        ]
      },
      "purpose": "用途",
      "spending_plan": [
        {
          "label": "6月底",
          "month": 6,
          "percent": 50
        },
        {
          "label": "12月底",
          "month": 12,
          "percent": 100
        }
      ],
      "goal": "完成年度任务",
      "long_term_goal": null,
      "indicators": [
        {
          "id": null,
          "level1": "产出指标",
          "level2": "数量指标",
          "level3": "签约项目",
          "description": "签约项目",
          "target": {
            "raw": "15个",
            "kind": "quantitative",
            "comparator": "≥",
            "comparator_source": "default",
            "value": 15,
            "unit": "个",
            "normalized": {
              "value": 15,
              "unit": "个"
            },
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        },
        {
          "id": null,
          "level1": "效益指标",
          "level2": "经济效益指标",
          "level3": "促进经济增长",
          "description": "促进经济增长",
          "target": {
            "raw": "",
            "kind": "empty",
            "comparator": null,
            "comparator_source": null,
            "value": null,
            "unit": null,
            "normalized": null,
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        },
        {
          "id": null,
          "level1": "满意度指标",
          "level2": "服务对象满意度指标",
          "level3": "投资者满意度",
          "description": "投资者满意度",
          "target": {
            "raw": "95%以上",
            "kind": "quantitative",
            "comparator": "≥",
            "comparator_source": "explicit",
            "value": 95,
            "unit": "%",
            "normalized": {
              "value": 95,
              "unit": "%"
            },
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        }
      ],
      "source": null
    }
  ],
  "leftovers": []
}','{"measures": [{"title": "\u5b8c\u5584\u5236\u5ea6\u5efa\u8bbe", "owner": "", "status": "not_started", "due_date": null, "evidence": []}]}','','2026-11-29 03:29:00.211947',5,1);
INSERT INTO "plans_planversion" VALUES(5,5,'dept_approve','dept_approved',0,'{
  "format": "jixiao.plan",
  "version": 1,
  "year": 2023,
  "department": "部门A",
  "unit": "单位A1",
  "source_file": "small.txt",
  "overall_goal": "总体目标",
  "sub_goals": [
    {
      "title": "分项一",
      "goal": "目标",
      "indicators": [
        "签约项目"
      ],
      "targets": [],
      "project_codes": [],
      "source": null
    }
  ],
  "measures": [
    {
      "title": "完善制度建设",
      "text": "制定制度",
      "source": null
    }
  ],
  "projects": [
    {
      "code": "P001",
      "name": "项目1",
      "department": null,
      "unit": null,
      "funds": {
        "total": {
          "amount": 150,
          "unit": "万元",
          "yuan": 1500000
        },
        "lines": [
          {
            "source": "财政拨款",
            "amount": {
              "amount": 150,
              "unit": "万元",
              "yuan": 1500000
            }
          }
        ]
      },
      "purpose": "用途",
      "spending_plan": [
        {
          "label": "6月底",
          "month": 6,
          "percent": 50
        },
        {
          "label": "12月底",
          "month": 12,
          "percent": 100
        }
      ],
      "goal": "完成年度任务",
      "long_term_goal": null,
      "indicators": [
        {
          "id": null,
          "level1": "产出指标",
          "level2": "数量指标",
          "level3": "签约项目",
          "description": "签约项目",
          "target": {
            "raw": "15个",
            "kind": "quantitative",
            "comparator": "≥",
            "comparator_source": "default",
            "value": 15,
            "unit": "个",
            "normalized": {
              "value": 15,
              "unit": "个"
            },
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        },
        {
          "id": null,
          "level1": "效益指标",
          "level2": "经济效益指标",
          "level3": "促进经济增长",
          "description": "促进经济增长",
          "target": {
            "raw": "",
            "kind": "empty",
            "comparator": null,
            "comparator_source": null,
            "value": null,
            "unit": null,
            "normalized": null,
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        },
        {
          "id": null,
          "level1": "满意度指标",
          "level2": "服务对象满意度指标",
          "level3": "投资者满意度",
          "description": "投资者满意度",
          "target": {
            "raw": "95%以上",
            "kind": "quantitative",
            "comparator": "≥",
            "comparator_source": "explicit",
            "value": 95,
            "unit": "%",
            "normalized": {
              "value": 95,
              "unit": "%"
            },
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        }
      ],
      "source": null
    },
    {
      "code": "P002",
      "name": "项目2",
      "department": null,
      "unit": null,
      "funds": {
        "total": {
          "amount": 150,
          "unit": "万元",
          "yuan": 1500000
        },
        "lines": [
          {
            "source": "财政拨款",
            "amount": {
              "amount": 150,
              "unit": "万元",
              "yuan": 1500000
            }
          }
        ]
      },
      "purpose": "用途",
      "spending_plan": [
        {
          "label": "6月底",
          "month": 6,
          "percent": 50
        },
        {
          "label": "12月底",
          "month": 12,
          "percent": 100
        }
      ],
      "goal": "完成年度任务",
      "long_term_goal": null,
      "indicators": [
        {
          "id": null,
          "level1": "产出指标",
          "level2": "数量指标",
          "level3": "签约项目",
          "description": "签约项目",
          "target": {
            "raw": "15个",
            "kind": "quantitative",
            "comparator": "≥",
            "comparator_source": "default",
            "value": 15,
            "unit": "个",
            "normalized": {
              "value": 15,
              "unit": "个"
            },
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        },
        {
          "id": null,
          "level1": "效益指标",
          "level2": "经济效益指标",
          "level3": "促进经济增长",
          "description": "促进经济增长",
          "target": {
            "raw": "",
            "kind": "empty",
            "comparator": null,
            "comparator_source": null,
            "value": null,
            "unit": null,
            "normalized": null,
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        },
        {
          "id": null,
          "level1": "满意度指标",
          "level2": "服务对象满意度指标",
          "level3": "投资者满意度",
          "description": "投资者满意度",
          "target": {
            "raw": "95%以上",
            "kind": "quantitative",
            "comparator": "≥",
            "comparator_source": "explicit",
            "value": 95,
            "unit": "%",
            "normalized": {
              "value": 95,
              "unit": "%"
            },
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        }
      ],
      "source": null
    },
    {
      "code": "P003",
      "name": "项目3",
      "department": null,
      "unit": null,
      "funds": {
        "total": {
          "amount": 150,
          "unit": "万元",
          "yuan": 1500000
        },
        "lines": [
          {
            "source": "财政拨款",
            "amount": {
              "amount": 150,
              "unit": "万元",
              "yuan": 1500000
            }
          }
        ]
      },
      "purpose": "用途",
      "spending_plan": [
        {
          "label": "6月底",
          "month": 6,
          "percent": 50
        },
        {
          "label": "12月底",
          "month": 12,
          "percent": 100
        }
      ],
      "goal": "完成年度任务",
      "long_term_goal": null,
      "indicators": [
        {
          "id": null,
          "level1": "产出指标",
          "level2": "数量指标",
          "level3": "签约项目",
          "description": "签约项目",
          "target": {
            "raw": "15个",
            "kind": "quantitative",
            "comparator": "≥",
            "comparator_source": "default",
            "value": 15,
            "unit": "个",
            "normalized": {
              "value": 15,
              "unit": "个"
            },
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        },
        {
          "id": null,
          "level1": "效益指标",
          "level2": "经济效益指标",
          "level3": "促进经济增长",
          "description": "促进经济增长",
          "target": {
            "raw": "",
            "kind": "empty",
            "comparator": null,
            "comparator_source": null,
            "value": null,
            "unit": null,
            "normalized": null,
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        },
        {
          "id": null,
          "level1": "满意度指标",
          "level2": "服务对象满意度指标",
          "level3": "投资者满意度",
          "description": "投资者满意度",
          "target": {
            "raw": "95%以上",
            "kind": "quantitative",
            "comparator": "≥",
            "comparator_source": "explicit",
            "value": 95,
            "unit": "%",
            "normalized": {
              "value": 95,
              "unit": "%"
            },
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        }
      ],
      "source": null
    }
  ],
  "leftovers": []
}','{"measures": [{"title": "\u5b8c\u5584\u5236\u5ea6\u5efa\u8bbe", "owner": "", "status": "not_started", "due_date": null, "evidence": []}]}','','2026-11-29 03:29:00.258651',3,1);
INSERT INTO "plans_planversion" VALUES(6,6,'finance_approve','approved',0,'{
  "format": "jixiao.plan",
  "version": 1,
  "year": 2023,
  "department": "部门A",
  "unit": "单位A1",
  "source_file": "small.txt",
  "overall_goal": "总体目标",
  "sub_goals": [
    {
      "title": "分项一",
      "goal": "目标",
      "indicators": [
        "签约项目"
      ],
      "targets": [],
      "project_codes": [],
      "source": null
    }
  ],
  "measures": [
    {
      "title": "完善制度建设",
      "text": "制定制度",
      "source": null
    }
  ],
  "projects": [
    {
      "code": "P001",
      "name": "项目1",
      "department": null,
      "unit": null,
      "funds": {
        "total": {
          "amount": 150,
          "unit": "万元",
          "yuan": 1500000
        },
        "lines": [
          {
            "source": "财政拨款",
            "amount": {
              "amount": 150,
              "unit": "万元",
              "yuan": 1500000
            }
          }
        ]
      },
      "purpose": "用途",
      "spending_plan": [
        {
          "label": "6月底",
          "month": 6,
          "percent": 50
        },
        {
          "label": "12月底",
          "month": 12,
          "percent": 100
        }
      ],
      "goal": "完成年度任务",
      "long_term_goal": null,
      "indicators": [
        {
          "id": null,
          "level1": "产出指标",
          "level2": "数量指标",
          "level3": "签约项目",
          "description": "签约项目",
          "target": {
            "raw": "15个",
            "kind": "quantitative",
            "comparator": "≥",
            "comparator_source": "default",
            "value": 15,
            "unit": "个",
            "normalized": {
              "value": 15,
              "unit": "个"
            },
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        },
        {
          "id": null,
          "level1": "效益指标",
          "level2": "经济效益指标",
          "level3": "促进经济增长",
          "description": "促进经济增长",
          "target": {
            "raw": "",
            "kind": "empty",
            "comparator": null,
            "comparator_source": null,
            "value": null,
            "unit": null,
            "normalized": null,
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        },
        {
          "id": null,
          "level1": "满意度指标",
          "level2": "服务对象满意度指标",
          "level3": "投资者满意度",
          "description": "投资者满意度",
          "target": {
            "raw": "95%以上",
            "kind": "quantitative",
            "comparator": "≥",
            "comparator_source": "explicit",
            "value": 95,
            "unit": "%",
            "normalized": {
              "value": 95,
              "unit": "%"
            },
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        }
      ],
      "source": null
    },
    {
      "code": "P002",
      "name": "项目2",
      "department": null,
      "unit": null,
      "funds": {
        "total": {
          "amount": 150,
          "unit": "万元",
          "yuan": 1500000
        },
        "lines": [
          {
            "source": "财政拨款",
            "amount": {
              "amount": 150,
              "unit": "万元",
              "yuan": 1500000
            }
          }
        ]
      },
      "purpose": "用途",
      "spending_plan": [
        {
          "label": "6月底",
          "month": 6,
          "percent": 50
        },
        {
          "label": "12月底",
          "month": 12,
          "percent": 100
        }
      ],
      "goal": "完成年度任务",
      "long_term_goal": null,
      "indicators": [
        {
          "id": null,
          "level1": "产出指标",
          "level2": "数量指标",
          "level3": "签约项目",
          "description": "签约项目",
          "target": {
            "raw": "15个",
            "kind": "quantitative",
            "comparator": "≥",
            "comparator_source": "default",
            "value": 15,
            "unit": "个",
            "normalized": {
              "value": 15,
              "unit": "个"
            },
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        },
        {
          "id": null,
          "level1": "效益指标",
          "level2": "经济效益指标",
          "level3": "促进经济增长",
          "description": "促进经济增长",
          "target": {
            "raw": "",
            "kind": "empty",
            "comparator": null,
            "comparator_source": null,
            "value": null,
            "unit": null,
            "normalized": null,
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        },
        {
          "id": null,
          "level1": "满意度指标",
          "level2": "服务对象满意度指标",
          "level3": "投资者满意度",
          "description": "投资者满意度",
          "target": {
            "raw": "95%以上",
            "kind": "quantitative",
            "comparator": "≥",
            "comparator_source": "explicit",
            "value": 95,
            "unit": "%",
            "normalized": {
              "value": 95,
              "unit": "%"
            },
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        }
      ],
      "source": null
    },
    {
      "code": "P003",
      "name": "项目3",
      "department": null,
      "unit": null,
      "funds": {
        "total": {
          "amount": 150,
          "unit": "万元",
          "yuan": 1500000
        },
        "lines": [
          {
            "source": "财政拨款",
            "amount": {
              "amount": 150,
              "unit": "万元",
              "yuan": 1500000
            }
          }
        ]
      },
      "purpose": "用途",
      "spending_plan": [
        {
          "label": "6月底",
          "month": 6,
          "percent": 50
        },
        {
          "label": "12月底",
          "month": 12,
          "percent": 100
        }
      ],
      "goal": "完成年度任务",
      "long_term_goal": null,
      "indicators": [
        {
          "id": null,
          "level1": "产出指标",
          "level2": "数量指标",
          "level3": "签约项目",
          "description": "签约项目",
          "target": {
            "raw": "15个",
            "kind": "quantitative",
            "comparator": "≥",
            "comparator_source": "default",
            "value": 15,
            "unit": "个",
            "normalized": {
              "value": 15,
              "unit": "个"
            },
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        },
        {
          "id": null,
          "level1": "效益指标",
          "level2": "经济效益指标",
          "level3": "促进经济增长",
          "description": "促进经济增长",
          "target": {
            "raw": "",
            "kind": "empty",
            "comparator": null,
            "comparator_source": null,
            "value": null,
            "unit": null,
            "normalized": null,
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        },
        {
          "id": null,
          "level1": "满意度指标",
          "level2": "服务对象满意度指标",
          "level3": "投资者满意度",
          "description": "投资者满意度",
          "target": {
            "raw": "95%以上",
            "kind": "quantitative",
            "comparator": "≥",
            "comparator_source": "explicit",
            "value": 95,
            "unit": "%",
            "normalized": {
              "value": 95,
              "unit": "%"
            },
            "lower": null,
            "upper": null,
            "deadline": null,
            "deadline_month": null,
            "start": null,
            "flag": null,
            "grade": null,
            "notes": []
          },
          "long_term_target": null,
          "basis": "工作要求",
          "basis_code": null,
          "weight": null,
          "source": null
        }
      ],
      "source": null
    }
  ],
  "leftovers": []
}','{"measures": [{"title": "\u5b8c\u5584\u5236\u5ea6\u5efa\u8bbe", "owner": "", "status": "not_started", "due_date": null, "evidence": []}]}','','2026-11-29 03:29:00.308162',2,1);
CREATE TABLE "plans_project" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "lock_version" integer unsigned NOT NULL CHECK ("lock_version" >= 0), "updated_at" datetime NOT NULL, "position" integer unsigned NOT NULL CHECK ("position" >= 0), "code" varchar(50) NOT NULL, "name" varchar(300) NOT NULL, "purpose" text NOT NULL, "goal" text NOT NULL, "long_term_goal" text NOT NULL, "budget_amount" decimal NULL, "budget_unit" varchar(4) NOT NULL, "department_name" varchar(200) NOT NULL, "unit_name" varchar(200) NOT NULL, "source" text NULL CHECK ((JSON_VALID("source") OR "source" IS NULL)), "plan_id" bigint NOT NULL REFERENCES "plans_plan" ("id") DEFERRABLE INITIALLY DEFERRED, "updated_by_id" bigint NULL REFERENCES "accounts_user" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "plans_project" VALUES(1,1,'2026-11-29 03:29:00.037505',0,'P001','项目1','用途','完成年度任务','',150,'万元','','',NULL,1,NULL);
INSERT INTO "plans_project" VALUES(2,1,'2026-11-29 03:29:00.037581',1,'P002','项目2','用途','完成年度任务','',150,'万元','','',NULL,1,NULL);
INSERT INTO "plans_project" VALUES(3,1,'2026-11-29 03:29:00.037599',2,'P003','项目3','用途','完成年度任务','',150,'万元','','',NULL,1,NULL);
INSERT INTO "plans_project" VALUES(4,1,'2026-11-29 03:29:00.321071',0,'B001','项目1','用途','完成年度任务','',150,'万元','','',NULL,2,NULL);
CREATE TABLE "plans_reviewrecord" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "stage" varchar(20) NOT NULL, "decision" varchar(10) NOT NULL, "grade" varchar(2) NOT NULL, "comment" text NOT NULL, "findings" text NOT NULL CHECK ((JSON_VALID("findings") OR "findings" IS NULL)), "at" datetime NOT NULL, "adjustment_id" bigint NULL REFERENCES "plans_adjustment" ("id") DEFERRABLE INITIALLY DEFERRED, "plan_id" bigint NOT NULL REFERENCES "plans_plan" ("id") DEFERRABLE INITIALLY DEFERRED, "reviewer_id" bigint NULL REFERENCES "accounts_user" ("id") DEFERRABLE INITIALLY DEFERRED, "version_id" bigint NULL REFERENCES "plans_planversion" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "plans_reviewrecord" VALUES(1,'department','return','中','请修改 <b>x</b>','{"counts": {"error": 3, "warning": 15, "info": 3}, "suggested_grade": "\u4e2d", "suggested_reason": "\u5404\u9879\u76ee\u4e2d\u6700\u4f4e\uff1a\u9879\u76ee P001 \u9879\u76ee1 \u9519\u8bef 1\uff0c\u8b66\u544a 4\uff0c\u63d0\u793a 1\uff1b\u89c4\u5219\uff1a\u9519\u8bef \u2265 1 \u2192 \u4e2d"}','2026-11-29 03:29:00.177350',NULL,1,3,3);
INSERT INTO "plans_reviewrecord" VALUES(2,'department','approve','良','','{"counts": {"error": 3, "warning": 15, "info": 3}, "suggested_grade": "\u4e2d", "suggested_reason": "\u5404\u9879\u76ee\u4e2d\u6700\u4f4e\uff1a\u9879\u76ee P001 \u9879\u76ee1 \u9519\u8bef 1\uff0c\u8b66\u544a 4\uff0c\u63d0\u793a 1\uff1b\u89c4\u5219\uff1a\u9519\u8bef \u2265 1 \u2192 \u4e2d"}','2026-11-29 03:29:00.259056',NULL,1,3,5);
INSERT INTO "plans_reviewrecord" VALUES(3,'finance','approve','优','','{"counts": {"error": 3, "warning": 15, "info": 3}, "suggested_grade": "\u4e2d", "suggested_reason": "\u5404\u9879\u76ee\u4e2d\u6700\u4f4e\uff1a\u9879\u76ee P001 \u9879\u76ee1 \u9519\u8bef 1\uff0c\u8b66\u544a 4\uff0c\u63d0\u793a 1\uff1b\u89c4\u5219\uff1a\u9519\u8bef \u2265 1 \u2192 \u4e2d"}','2026-11-29 03:29:00.313128',NULL,1,2,6);
CREATE TABLE "plans_subgoal" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "lock_version" integer unsigned NOT NULL CHECK ("lock_version" >= 0), "updated_at" datetime NOT NULL, "position" integer unsigned NOT NULL CHECK ("position" >= 0), "title" varchar(300) NOT NULL, "goal" text NOT NULL, "indicator_names" text NOT NULL CHECK ((JSON_VALID("indicator_names") OR "indicator_names" IS NULL)), "other_project_codes" text NOT NULL CHECK ((JSON_VALID("other_project_codes") OR "other_project_codes" IS NULL)), "source" text NULL CHECK ((JSON_VALID("source") OR "source" IS NULL)), "plan_id" bigint NOT NULL REFERENCES "plans_plan" ("id") DEFERRABLE INITIALLY DEFERRED, "updated_by_id" bigint NULL REFERENCES "accounts_user" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "plans_subgoal" VALUES(1,1,'2026-11-29 03:29:00.040458',0,'分项一','目标','["\u7b7e\u7ea6\u9879\u76ee"]','[]',NULL,1,NULL);
INSERT INTO "plans_subgoal" VALUES(2,1,'2026-11-29 03:29:00.322508',0,'分项一','目标','["\u7b7e\u7ea6\u9879\u76ee"]','[]',NULL,2,NULL);
CREATE TABLE "plans_subgoal_projects" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "subgoal_id" bigint NOT NULL REFERENCES "plans_subgoal" ("id") DEFERRABLE INITIALLY DEFERRED, "project_id" bigint NOT NULL REFERENCES "plans_project" ("id") DEFERRABLE INITIALLY DEFERRED);
CREATE UNIQUE INDEX "django_content_type_app_label_model_76bd3d3b_uniq" ON "django_content_type" ("app_label", "model");
CREATE UNIQUE INDEX "auth_group_permissions_group_id_permission_id_0cd325b0_uniq" ON "auth_group_permissions" ("group_id", "permission_id");
CREATE INDEX "auth_group_permissions_group_id_b120cbf9" ON "auth_group_permissions" ("group_id");
CREATE INDEX "auth_group_permissions_permission_id_84c5c92e" ON "auth_group_permissions" ("permission_id");
CREATE UNIQUE INDEX "auth_permission_content_type_id_codename_01ab375a_uniq" ON "auth_permission" ("content_type_id", "codename");
CREATE INDEX "auth_permission_content_type_id_2f476e4b" ON "auth_permission" ("content_type_id");
CREATE UNIQUE INDEX "accounts_user_groups_user_id_group_id_59c0b32f_uniq" ON "accounts_user_groups" ("user_id", "group_id");
CREATE INDEX "accounts_user_groups_user_id_52b62117" ON "accounts_user_groups" ("user_id");
CREATE INDEX "accounts_user_groups_group_id_bd11a704" ON "accounts_user_groups" ("group_id");
CREATE UNIQUE INDEX "accounts_user_user_permissions_user_id_permission_id_2ab516c2_uniq" ON "accounts_user_user_permissions" ("user_id", "permission_id");
CREATE INDEX "accounts_user_user_permissions_user_id_e4f0a161" ON "accounts_user_user_permissions" ("user_id");
CREATE INDEX "accounts_user_user_permissions_permission_id_113bb443" ON "accounts_user_user_permissions" ("permission_id");
CREATE INDEX "accounts_organisation_parent_id_14866c01" ON "accounts_organisation" ("parent_id");
CREATE INDEX "accounts_user_organisation_id_492f00a6" ON "accounts_user" ("organisation_id");
CREATE INDEX "audit_auditevent_at_f461ba89" ON "audit_auditevent" ("at");
CREATE INDEX "audit_auditevent_actor_username_45331152" ON "audit_auditevent" ("actor_username");
CREATE INDEX "audit_auditevent_action_2131bb77" ON "audit_auditevent" ("action");
CREATE INDEX "audit_auditevent_object_type_2df52246" ON "audit_auditevent" ("object_type");
CREATE INDEX "audit_auditevent_plan_id_cfc01872" ON "audit_auditevent" ("plan_id");
CREATE INDEX "audit_auditevent_actor_id_270bb4b7" ON "audit_auditevent" ("actor_id");
CREATE INDEX "audit_auditevent_organisation_id_11de86af" ON "audit_auditevent" ("organisation_id");
CREATE TRIGGER audit_auditevent_no_update
    BEFORE UPDATE ON audit_auditevent
    BEGIN
        SELECT RAISE(ABORT, 'audit log is append-only');
    END;
CREATE INDEX "plans_evidence_uploaded_by_id_574a43bd" ON "plans_evidence" ("uploaded_by_id");
CREATE INDEX "plans_evidence_measure_id_8d000f8e" ON "plans_evidence" ("measure_id");
CREATE INDEX "plans_measure_updated_by_id_b9f7948d" ON "plans_measure" ("updated_by_id");
CREATE INDEX "plans_measure_plan_id_4801538e" ON "plans_measure" ("plan_id");
CREATE INDEX "plans_leftover_plan_id_80c5025a" ON "plans_leftover" ("plan_id");
CREATE INDEX "plans_adjustment_requested_by_id_ffa1b211" ON "plans_adjustment" ("requested_by_id");
CREATE INDEX "plans_adjustment_plan_id_a8ee1f4f" ON "plans_adjustment" ("plan_id");
CREATE INDEX "plans_adjustment_base_version_id_b212c527" ON "plans_adjustment" ("base_version_id");
CREATE INDEX "plans_adjustment_final_version_id_33de03d6" ON "plans_adjustment" ("final_version_id");
CREATE INDEX "plans_project_plan_id_0782130c" ON "plans_project" ("plan_id");
CREATE INDEX "plans_project_updated_by_id_309b9c1c" ON "plans_project" ("updated_by_id");
CREATE INDEX "plans_fundline_project_id_9ad5982e" ON "plans_fundline" ("project_id");
CREATE INDEX "plans_checkpoint_project_id_d27070d3" ON "plans_checkpoint" ("project_id");
CREATE INDEX "plans_reviewrecord_adjustment_id_2dc81bee" ON "plans_reviewrecord" ("adjustment_id");
CREATE INDEX "plans_reviewrecord_plan_id_c4619dd7" ON "plans_reviewrecord" ("plan_id");
CREATE INDEX "plans_reviewrecord_reviewer_id_cf15e262" ON "plans_reviewrecord" ("reviewer_id");
CREATE INDEX "plans_reviewrecord_version_id_03744215" ON "plans_reviewrecord" ("version_id");
CREATE INDEX "plans_subgoal_plan_id_b1444e3f" ON "plans_subgoal" ("plan_id");
CREATE INDEX "plans_subgoal_updated_by_id_fd4c69dd" ON "plans_subgoal" ("updated_by_id");
CREATE UNIQUE INDEX "plans_subgoal_projects_subgoal_id_project_id_346099db_uniq" ON "plans_subgoal_projects" ("subgoal_id", "project_id");
CREATE INDEX "plans_subgoal_projects_subgoal_id_ecdecd76" ON "plans_subgoal_projects" ("subgoal_id");
CREATE INDEX "plans_subgoal_projects_project_id_04b73ef7" ON "plans_subgoal_projects" ("project_id");
CREATE INDEX "plans_plan_created_by_id_6887a1fd" ON "plans_plan" ("created_by_id");
CREATE INDEX "plans_plan_organisation_id_bd01422b" ON "plans_plan" ("organisation_id");
CREATE INDEX "plans_plan_updated_by_id_d3971179" ON "plans_plan" ("updated_by_id");
CREATE INDEX "plans_planversion_actor_id_d3ffabf9" ON "plans_planversion" ("actor_id");
CREATE INDEX "plans_planversion_plan_id_dcdb03c5" ON "plans_planversion" ("plan_id");
CREATE UNIQUE INDEX "project_code_unique" ON "plans_project" ("plan_id", "code") WHERE NOT ("code" = '');
CREATE INDEX "plans_indicator_project_id_8fe147df" ON "plans_indicator" ("project_id");
CREATE INDEX "plans_indicator_sub_goal_id_f0ad3c4e" ON "plans_indicator" ("sub_goal_id");
DELETE FROM "sqlite_sequence";
INSERT INTO "sqlite_sequence" VALUES('django_migrations',20);
INSERT INTO "sqlite_sequence" VALUES('django_content_type',18);
INSERT INTO "sqlite_sequence" VALUES('auth_permission',69);
INSERT INTO "sqlite_sequence" VALUES('auth_group',0);
INSERT INTO "sqlite_sequence" VALUES('accounts_organisation',6);
INSERT INTO "sqlite_sequence" VALUES('accounts_user',7);
INSERT INTO "sqlite_sequence" VALUES('plans_measure',2);
INSERT INTO "sqlite_sequence" VALUES('plans_plan',2);
INSERT INTO "sqlite_sequence" VALUES('plans_planversion',6);
INSERT INTO "sqlite_sequence" VALUES('plans_indicator',12);
INSERT INTO "sqlite_sequence" VALUES('audit_auditevent',18);
INSERT INTO "sqlite_sequence" VALUES('plans_project',4);
INSERT INTO "sqlite_sequence" VALUES('plans_fundline',4);
INSERT INTO "sqlite_sequence" VALUES('plans_checkpoint',8);
INSERT INTO "sqlite_sequence" VALUES('plans_subgoal',2);
INSERT INTO "sqlite_sequence" VALUES('plans_reviewrecord',3);
INSERT INTO "sqlite_sequence" VALUES('plans_evidence',1);
COMMIT;
