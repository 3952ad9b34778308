/*
 * Unit tests for the object model: types, inheritance, interfaces, casts,
 * properties, the composition tree, paths and reference counting.
 */
#include "qemu/osdep.h"
#include <check.h>
#include "qom/object.h"

#define TYPE_ANIMAL "test-animal"
#define TYPE_DOG "test-dog"
#define TYPE_PUPPY "test-puppy"
#define TYPE_BARKER "test-barker"

typedef struct Animal {
    Object parent;
    int legs;
    bool inited_in_parent;
} Animal;

typedef struct AnimalClass {
    ObjectClass parent;
    const char *(*sound)(Animal *a);
} AnimalClass;

typedef struct Dog {
    Animal parent;
    char *name;
    Object *friend;
} Dog;

typedef struct BarkerClass {
    InterfaceClass parent;
    int (*bark_volume)(Object *obj);
} BarkerClass;

static int finalized_count;
static int init_order[4];
static int init_pos;

static const char *animal_sound(Animal *a) { return "..."; }
static const char *dog_sound(Animal *a) { return "woof"; }
static int dog_volume(Object *obj) { return 7; }
static int puppy_volume(Object *obj) { return 3; }

static void animal_init(Object *obj)
{
    Animal *a = (Animal *)obj;
    a->legs = 4;
    a->inited_in_parent = true;
    init_order[init_pos++] = 1;
}

static void dog_init(Object *obj)
{
    init_order[init_pos++] = 2;
}

static void dog_finalize(Object *obj)
{
    Dog *d = (Dog *)obj;
    g_free(d->name);
    finalized_count++;
}

static void animal_class_init(ObjectClass *oc, void *data)
{
    ((AnimalClass *)oc)->sound = animal_sound;
}

static char *dog_get_name(Object *obj, Error **errp)
{
    return g_strdup(((Dog *)obj)->name);
}

static void dog_set_name(Object *obj, const char *v, Error **errp)
{
    if (!*v) {
        error_setg(errp, "a dog needs a name");
        return;
    }
    g_free(((Dog *)obj)->name);
    ((Dog *)obj)->name = g_strdup(v);
}

static void dog_class_init(ObjectClass *oc, void *data)
{
    BarkerClass *bc = OBJECT_CLASS_CHECK(BarkerClass, oc, TYPE_BARKER);
    ((AnimalClass *)oc)->sound = dog_sound;
    bc->bark_volume = dog_volume;
    object_class_property_add_str(oc, "name", dog_get_name, dog_set_name);
}

static void puppy_class_init(ObjectClass *oc, void *data)
{
    BarkerClass *bc = OBJECT_CLASS_CHECK(BarkerClass, oc, TYPE_BARKER);
    bc->bark_volume = puppy_volume;
}

static const TypeInfo test_types[] = {
    { .name = TYPE_BARKER, .parent = TYPE_INTERFACE, .class_size = sizeof(BarkerClass) },
    { .name = TYPE_ANIMAL, .parent = TYPE_OBJECT, .abstract = true,
      .instance_size = sizeof(Animal), .class_size = sizeof(AnimalClass),
      .instance_init = animal_init, .class_init = animal_class_init },
    { .name = TYPE_DOG, .parent = TYPE_ANIMAL, .instance_size = sizeof(Dog),
      .instance_init = dog_init, .instance_finalize = dog_finalize,
      .class_init = dog_class_init,
      .interfaces = (InterfaceInfo[]) { { TYPE_BARKER }, { NULL } } },
    { .name = TYPE_PUPPY, .parent = TYPE_DOG, .class_init = puppy_class_init },
};
DEFINE_TYPES(test_types)

START_TEST(test_new_object_runs_parent_init_first)
{
    Object *obj;
    init_pos = 0;
    obj = object_new(TYPE_DOG);
    ck_assert_int_eq(init_pos, 2);
    ck_assert_int_eq(init_order[0], 1);
    ck_assert_int_eq(init_order[1], 2);
    ck_assert_int_eq(((Animal *)obj)->legs, 4);
    object_unref(obj);
}
END_TEST

START_TEST(test_subclass_overrides_virtual_method)
{
    Object *dog = object_new(TYPE_DOG);
    AnimalClass *ac = OBJECT_GET_CLASS(AnimalClass, dog, TYPE_ANIMAL);
    ck_assert_str_eq(ac->sound((Animal *)dog), "woof");
    object_unref(dog);
}
END_TEST

START_TEST(test_abstract_type_cannot_be_created)
{
    Error *err = NULL;
    Object *obj = object_new_checked(TYPE_ANIMAL, &err);
    ck_assert_ptr_null(obj);
    ck_assert_ptr_nonnull(err);
    ck_assert_ptr_nonnull(strstr(error_get_pretty(err), "abstract"));
    error_free(err);
    err = NULL;
    ck_assert_ptr_null(object_new_checked("no-such-type", &err));
    ck_assert_ptr_nonnull(strstr(error_get_pretty(err), "no-such-type"));
    error_free(err);
}
END_TEST

START_TEST(test_dynamic_cast_follows_inheritance)
{
    Object *puppy = object_new(TYPE_PUPPY);
    ck_assert_ptr_eq(object_dynamic_cast(puppy, TYPE_DOG), puppy);
    ck_assert_ptr_eq(object_dynamic_cast(puppy, TYPE_ANIMAL), puppy);
    ck_assert_ptr_eq(object_dynamic_cast(puppy, TYPE_OBJECT), puppy);
    ck_assert_ptr_null(object_dynamic_cast(puppy, TYPE_CONTAINER));
    ck_assert(object_is_type(puppy, TYPE_BARKER));
    object_unref(puppy);
}
END_TEST

START_TEST(test_interface_is_inherited_and_overridable)
{
    Object *dog = object_new(TYPE_DOG);
    Object *puppy = object_new(TYPE_PUPPY);
    BarkerClass *dbc = (BarkerClass *)object_class_dynamic_cast(object_get_class(dog),
                                                                TYPE_BARKER);
    BarkerClass *pbc = (BarkerClass *)object_class_dynamic_cast(object_get_class(puppy),
                                                                TYPE_BARKER);
    ck_assert_ptr_nonnull(dbc);
    ck_assert_ptr_nonnull(pbc);
    ck_assert_int_eq(dbc->bark_volume(dog), 7);
    ck_assert_int_eq(pbc->bark_volume(puppy), 3);
    object_unref(dog);
    object_unref(puppy);
}
END_TEST

START_TEST(test_failed_checked_cast_aborts)
{
    Object *obj = object_new(TYPE_CONTAINER);
    /* A wrong cast is a programming error: it must stop the process. */
    OBJECT_CHECK(Dog, obj, TYPE_DOG);
}
END_TEST

START_TEST(test_refcount_finalizes_at_zero)
{
    Object *obj = object_new(TYPE_DOG);
    finalized_count = 0;
    object_ref(obj);
    object_unref(obj);
    ck_assert_int_eq(finalized_count, 0);
    object_unref(obj);
    ck_assert_int_eq(finalized_count, 1);
}
END_TEST

START_TEST(test_string_property_get_set_and_setter_error)
{
    Object *dog = object_new(TYPE_DOG);
    Error *err = NULL;
    char *name;

    ck_assert(object_property_set_str(dog, "name", "rex", &err));
    name = object_property_get_str(dog, "name", &error_fatal);
    ck_assert_str_eq(name, "rex");
    g_free(name);
    ck_assert(!object_property_set_str(dog, "name", "", &err));
    ck_assert_str_eq(error_get_pretty(err), "a dog needs a name");
    error_free(err);
    err = NULL;
    /* Wrong JSON type from QMP is refused with QEMU's message. */
    ck_assert(!object_property_set_bool(dog, "name", true, &err));
    ck_assert_str_eq(error_get_pretty(err),
                     "Invalid parameter type for 'name', expected: string");
    error_free(err);
    object_unref(dog);
}
END_TEST

START_TEST(test_unknown_property_error_names_type_and_property)
{
    Object *dog = object_new(TYPE_DOG);
    Error *err = NULL;
    ck_assert(!object_property_parse(dog, "tail", "long", &err));
    ck_assert_str_eq(error_get_pretty(err), "Property 'test-dog.tail' not found");
    error_free(err);
    object_unref(dog);
}
END_TEST

static bool flag_value;
static bool get_flag(Object *obj, Error **errp) { return flag_value; }
static void set_flag(Object *obj, bool v, Error **errp) { flag_value = v; }

START_TEST(test_bool_property_parses_qemu_spellings)
{
    Object *obj = object_new(TYPE_CONTAINER);
    Error *err = NULL;
    object_property_add_bool(obj, "flag", get_flag, set_flag);
    const char *on[] = { "on", "yes", "true" }, *off[] = { "off", "no", "false" };
    for (int i = 0; i < 3; i++) {
        ck_assert(object_property_parse(obj, "flag", on[i], &error_fatal));
        ck_assert(flag_value);
        ck_assert(object_property_parse(obj, "flag", off[i], &error_fatal));
        ck_assert(!flag_value);
    }
    ck_assert(!object_property_parse(obj, "flag", "maybe", &err));
    ck_assert_ptr_nonnull(strstr(error_get_pretty(err), "flag"));
    error_free(err);
    object_unref(obj);
}
END_TEST

START_TEST(test_child_gives_canonical_path_and_resolution)
{
    Object *root = object_get_root();
    Object *zoo = container_get(root, "/zoo/pens");
    Object *dog = object_new(TYPE_DOG);
    char *path;
    bool ambiguous;

    object_property_add_child(zoo, "rex", dog);
    object_unref(dog);
    path = object_get_canonical_path(dog);
    ck_assert_str_eq(path, "/zoo/pens/rex");
    g_free(path);
    ck_assert_ptr_eq(object_resolve_path("/zoo/pens/rex", NULL), dog);
    ck_assert_ptr_eq(object_resolve_path("rex", &ambiguous), dog);
    ck_assert(!ambiguous);
    ck_assert_ptr_eq(object_resolve_path_type("pens/rex", TYPE_ANIMAL, NULL), dog);
    ck_assert_ptr_null(object_resolve_path_type("/zoo/pens/rex", TYPE_CONTAINER, NULL));
    ck_assert_ptr_null(object_resolve_path("/zoo/nothing", NULL));
    /* child<> properties are introspectable. */
    ck_assert_str_eq(object_property_find(zoo, "rex")->type, "child<test-dog>");
}
END_TEST

START_TEST(test_partial_path_is_ambiguous_when_matched_twice)
{
    Object *a = container_get(object_get_root(), "/a");
    Object *b = container_get(object_get_root(), "/b");
    Object *d1 = object_new(TYPE_DOG), *d2 = object_new(TYPE_DOG);
    bool ambiguous = false;

    object_property_add_child(a, "fido", d1);
    object_property_add_child(b, "fido", d2);
    ck_assert_ptr_null(object_resolve_path("fido", &ambiguous));
    ck_assert(ambiguous);
    object_unref(d1);
    object_unref(d2);
}
END_TEST

START_TEST(test_unparent_releases_child)
{
    Object *pen = container_get(object_get_root(), "/pen");
    Object *dog = object_new(TYPE_DOG);

    finalized_count = 0;
    object_property_add_child(pen, "spot", dog);
    object_unref(dog);
    ck_assert_int_eq(finalized_count, 0);
    object_unparent(dog);
    ck_assert_int_eq(finalized_count, 1);
    ck_assert_ptr_null(object_property_find(pen, "spot"));
}
END_TEST

START_TEST(test_star_names_pick_next_free_index)
{
    Object *c = container_get(object_get_root(), "/anon");
    Object *d1 = object_new(TYPE_DOG), *d2 = object_new(TYPE_DOG);
    char *p1, *p2;

    object_property_add_child(c, "device[*]", d1);
    object_property_add_child(c, "device[*]", d2);
    p1 = object_get_canonical_path(d1);
    p2 = object_get_canonical_path(d2);
    ck_assert_str_eq(p1, "/anon/device[0]");
    ck_assert_str_eq(p2, "/anon/device[1]");
    g_free(p1);
    g_free(p2);
    object_unref(d1);
    object_unref(d2);
}
END_TEST

START_TEST(test_link_property_resolves_and_checks_type)
{
    Object *pen = container_get(object_get_root(), "/kennel");
    Object *rex = object_new(TYPE_DOG), *box = object_new(TYPE_CONTAINER);
    Dog *d = (Dog *)rex;
    Error *err = NULL;
    char *v;

    object_property_add_child(pen, "rex", rex);
    object_property_add_child(pen, "box", box);
    object_property_add_link(rex, "friend", TYPE_DOG, &d->friend,
                             object_property_allow_set_link, OBJ_PROP_LINK_STRONG);
    ck_assert(object_property_set_str(rex, "friend", "/kennel/rex", &error_fatal));
    ck_assert_ptr_eq(d->friend, rex);
    v = object_property_get_str(rex, "friend", &error_fatal);
    ck_assert_str_eq(v, "/kennel/rex");
    g_free(v);
    ck_assert(!object_property_set_str(rex, "friend", "/kennel/box", &err));
    ck_assert_ptr_nonnull(strstr(error_get_pretty(err), "expected: test-dog"));
    error_free(err);
    err = NULL;
    ck_assert(!object_property_set_str(rex, "friend", "/kennel/cat", &err));
    ck_assert_int_eq(error_get_class(err), ERROR_CLASS_DEVICE_NOT_FOUND);
    error_free(err);
    ck_assert(object_property_set_str(rex, "friend", "", &error_fatal));
    ck_assert_ptr_null(d->friend);
    object_unref(rex);
    object_unref(box);
}
END_TEST

START_TEST(test_property_iteration_lists_class_and_instance_props)
{
    Object *dog = object_new(TYPE_DOG);
    ObjectPropertyIterator it;
    ObjectProperty *p;
    bool saw_name = false, saw_extra = false;

    object_property_add_bool(dog, "extra", get_flag, set_flag);
    object_property_iter_init(&it, dog);
    while ((p = object_property_iter_next(&it))) {
        saw_name |= !strcmp(p->name, "name");
        saw_extra |= !strcmp(p->name, "extra");
    }
    object_property_iter_free(&it);
    ck_assert(saw_name);
    ck_assert(saw_extra);
    object_unref(dog);
}
END_TEST

START_TEST(test_class_list_is_sorted_and_filters_abstract)
{
    GSList *l = object_class_get_list_sorted(TYPE_ANIMAL, false);
    ck_assert_int_eq(g_slist_length(l), 2);
    ck_assert_str_eq(object_class_get_name(l->data), TYPE_DOG);
    ck_assert_str_eq(object_class_get_name(l->next->data), TYPE_PUPPY);
    g_slist_free(l);
    l = object_class_get_list_sorted(TYPE_ANIMAL, true);
    ck_assert_int_eq(g_slist_length(l), 3);
    g_slist_free(l);
}
END_TEST

static Suite *qom_suite(void)
{
    Suite *s = suite_create("qom");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_new_object_runs_parent_init_first);
    tcase_add_test(tc, test_subclass_overrides_virtual_method);
    tcase_add_test(tc, test_abstract_type_cannot_be_created);
    tcase_add_test(tc, test_dynamic_cast_follows_inheritance);
    tcase_add_test(tc, test_interface_is_inherited_and_overridable);
    tcase_add_test_raise_signal(tc, test_failed_checked_cast_aborts, SIGTRAP);
    tcase_add_test(tc, test_refcount_finalizes_at_zero);
    tcase_add_test(tc, test_string_property_get_set_and_setter_error);
    tcase_add_test(tc, test_unknown_property_error_names_type_and_property);
    tcase_add_test(tc, test_bool_property_parses_qemu_spellings);
    tcase_add_test(tc, test_child_gives_canonical_path_and_resolution);
    tcase_add_test(tc, test_partial_path_is_ambiguous_when_matched_twice);
    tcase_add_test(tc, test_unparent_releases_child);
    tcase_add_test(tc, test_star_names_pick_next_free_index);
    tcase_add_test(tc, test_link_property_resolves_and_checks_type);
    tcase_add_test(tc, test_property_iteration_lists_class_and_instance_props);
    tcase_add_test(tc, test_class_list_is_sorted_and_filters_abstract);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(qom_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
