/*
 * Device creation from user options (-device, device_add), device help
 * listings and the "info qtree" dump.  Shares all checks with board code
 * through qdev_realize().
 */
#include "qemu/osdep.h"
#include "hw/qdev-core.h"
#include "hw/qdev-properties.h"
#include "hw/irq.h"
#include "qemu/option.h"

DeviceState *qdev_device_add(QemuOpts *opts, bool from_json, Error **errp)
{
    const char *driver = qemu_opt_get(opts, "driver");
    const char *path = qemu_opt_get(opts, "bus");
    ObjectClass *oc;
    DeviceClass *dc;
    BusState *bus = NULL;
    DeviceState *dev;
    Error *err = NULL;

    if (!driver) {
        error_setg(errp, "Parameter 'driver' is missing");
        return NULL;
    }
    oc = object_class_by_name(driver);
    if (!oc || !object_class_dynamic_cast(oc, TYPE_DEVICE)) {
        error_setg(errp, "'%s' is not a valid device model name", driver);
        return NULL;
    }
    if (object_class_is_abstract(oc)) {
        error_setg(errp, "Parameter 'driver' expects a non-abstract device type");
        return NULL;
    }
    dc = DEVICE_CLASS(oc);
    if (!dc->user_creatable) {
        error_setg(errp, "Parameter 'driver' expects a pluggable device type");
        return NULL;
    }
    if (path) {
        bus = qbus_find(path, errp);
        if (!bus) {
            return NULL;
        }
        if (!dc->bus_type || !object_dynamic_cast(OBJECT(bus), dc->bus_type)) {
            error_setg(errp, "Device '%s' can't go on %s bus", driver,
                       object_get_typename(OBJECT(bus)));
            return NULL;
        }
    } else if (dc->bus_type) {
        bus = qbus_find_free(dc->bus_type);
        if (!bus) {
            error_setg(errp, "No '%s' bus found for device '%s'", dc->bus_type, driver);
            return NULL;
        }
    }
    if (bus && qbus_is_full(bus)) {
        error_setg(errp, "Bus '%s' is full", bus->name);
        return NULL;
    }

    dev = DEVICE(object_new_with_class(oc));
    if (!qdev_set_id(dev, qemu_opt_get(opts, "id"), errp)) {
        object_unref(dev);
        return NULL;
    }
    for (guint i = 0; i < opts->opts->len; i++) {
        QemuOpt *opt = g_ptr_array_index(opts->opts, i);
        if (!strcmp(opt->name, "driver") || !strcmp(opt->name, "bus") ||
            !strcmp(opt->name, "id")) {
            continue;
        }
        if (!object_property_parse(OBJECT(dev), opt->name, opt->str, &err)) {
            goto fail;
        }
    }
    if (!qdev_realize(dev, bus, &err)) {
        goto fail;
    }
    object_unref(dev);
    return dev;

fail:
    error_propagate(errp, err);
    object_unparent(OBJECT(dev));
    object_unref(dev);
    return NULL;
}

/* Help */

static const char *const category_names[DEVICE_CATEGORY_MAX] = {
    [DEVICE_CATEGORY_BRIDGE] = "Controller/Bridge/Hub",
    [DEVICE_CATEGORY_USB] = "USB",
    [DEVICE_CATEGORY_STORAGE] = "Storage",
    [DEVICE_CATEGORY_NETWORK] = "Network",
    [DEVICE_CATEGORY_INPUT] = "Input",
    [DEVICE_CATEGORY_DISPLAY] = "Display",
    [DEVICE_CATEGORY_SOUND] = "Sound",
    [DEVICE_CATEGORY_MISC] = "Misc",
    [DEVICE_CATEGORY_CPU] = "CPU",
    [DEVICE_CATEGORY_WATCHDOG] = "Watchdog",
};

static void device_help_line(GString *out, DeviceClass *dc)
{
    g_string_append_printf(out, "name \"%s\"", object_class_get_name(OBJECT_CLASS(dc)));
    if (dc->bus_type) {
        g_string_append_printf(out, ", bus %s", dc->bus_type);
    }
    if (dc->desc) {
        g_string_append_printf(out, ", desc \"%s\"", dc->desc);
    }
    g_string_append_c(out, '\n');
}

void qdev_device_help_list(GString *out)
{
    GSList *list = object_class_get_list_sorted(TYPE_DEVICE, false);
    bool any_uncat = false;

    for (int cat = 0; cat <= DEVICE_CATEGORY_MAX; cat++) {
        bool header = false;
        for (GSList *e = list; e; e = e->next) {
            DeviceClass *dc = e->data;
            bool in_cat = cat < DEVICE_CATEGORY_MAX ? (dc->categories & (1ul << cat))
                                                    : !dc->categories;
            if (!dc->user_creatable || !in_cat) {
                continue;
            }
            if (!header) {
                g_string_append_printf(out, "%s%s devices:\n",
                                       out->len ? "\n" : "",
                                       cat < DEVICE_CATEGORY_MAX ? category_names[cat]
                                                                 : "Uncategorized");
                header = true;
                any_uncat = any_uncat || cat == DEVICE_CATEGORY_MAX;
            }
            device_help_line(out, dc);
        }
    }
    g_slist_free(list);
}

bool qdev_device_help(const char *driver, GString *out, Error **errp)
{
    ObjectClass *oc = object_class_by_name(driver);
    ObjectPropertyIterator iter;
    ObjectProperty *prop;
    Object *obj = NULL;
    bool any = false;

    if (!oc || !object_class_dynamic_cast(oc, TYPE_DEVICE)) {
        error_setg(errp, "'%s' is not a valid device model name", driver);
        return false;
    }
    /*
     * Like QEMU, list an instance's properties when the type can be
     * instantiated: proxies such as virtio-blk-pci forward their child's
     * properties (drive, ...) per object, not per class.
     */
    if (!object_class_is_abstract(oc)) {
        obj = object_new(driver);
        object_property_iter_init(&iter, obj);
    } else {
        object_class_property_iter_init(&iter, oc);
    }
    while ((prop = object_property_iter_next(&iter))) {
        /* Only settable, user-facing properties, as QEMU lists them. */
        if (!prop->set || !strcmp(prop->name, "realized") ||
            g_str_has_prefix(prop->type, "child<") || g_str_has_prefix(prop->type, "link<")) {
            continue;
        }
        if (!any) {
            g_string_append_printf(out, "%s options:\n", driver);
            any = true;
        }
        {
            g_autofree char *head = g_strdup_printf("  %s=<%s>", prop->name, prop->type);
            g_string_append(out, head);
            if (prop->description) {
                int pad = 24 - (int)strlen(head);
                g_string_append_printf(out, "%*s - %s", pad > 0 ? pad : 0, "",
                                       prop->description);
            }
            if (prop->defval) {
                g_autofree char *d = qom_node_to_text(prop->defval);
                g_string_append_printf(out, " (default: %s)", d);
            }
            g_string_append_c(out, '\n');
        }
    }
    object_property_iter_free(&iter);
    if (obj) {
        object_unref(obj);
    }
    if (!any) {
        g_string_append_printf(out, "There are no options for %s.\n", driver);
    }
    return true;
}

/* info qtree */

static void print_props(GString *out, DeviceState *dev, Property *props, int indent)
{
    for (Property *p = props; p && p->name; p++) {
        JsonNode *n = object_property_get(OBJECT(dev), p->name, NULL);
        if (!n) {
            continue;
        }
        if (JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING) {
            g_string_append_printf(out, "%*s%s = \"%s\"\n", indent, "", p->name,
                                   json_node_get_string(n));
        } else if (JSON_NODE_HOLDS_NULL(n)) {
            g_string_append_printf(out, "%*s%s = null\n", indent, "", p->name);
        } else {
            g_autofree char *v = qom_node_to_text(n);
            if (p->info == &qdev_prop_uint32 || p->info == &qdev_prop_uint64 ||
                p->info == &qdev_prop_uint8 || p->info == &qdev_prop_uint16) {
                uint64_t u = g_ascii_strtoull(v, NULL, 10);
                g_string_append_printf(out, "%*s%s = %s (0x%" PRIx64 ")\n", indent, "",
                                       p->name, v, u);
            } else {
                g_string_append_printf(out, "%*s%s = %s\n", indent, "", p->name, v);
            }
        }
        json_node_unref(n);
    }
}

static void print_bus(GString *out, BusState *bus, int indent);

static void print_dev(GString *out, DeviceState *dev, int indent)
{
    ObjectClass *oc;
    BusClass *bc;

    g_string_append_printf(out, "%*sdev: %s, id \"%s\"\n", indent, "",
                           object_get_typename(OBJECT(dev)), dev->id ? dev->id : "");
    indent += 2;
    for (NamedGPIOList *ngl = dev->gpios; ngl; ngl = ngl->next) {
        if (ngl->num_in) {
            g_string_append_printf(out, "%*sgpio-in \"%s\" %d\n", indent, "",
                                   ngl->name ? ngl->name : "", ngl->num_in);
        }
        if (ngl->num_out) {
            g_string_append_printf(out, "%*sgpio-out \"%s\" %d\n", indent, "",
                                   ngl->name ? ngl->name : "", ngl->num_out);
        }
    }
    for (oc = object_get_class(OBJECT(dev)); oc && strcmp(object_class_get_name(oc), TYPE_DEVICE);
         oc = object_class_get_parent(oc)) {
        DeviceClass *dc = (DeviceClass *)oc;
        ObjectClass *parent = object_class_get_parent(oc);
        if (parent && object_class_dynamic_cast(parent, TYPE_DEVICE) &&
            ((DeviceClass *)parent)->props_ == dc->props_) {
            continue;
        }
        print_props(out, dev, dc->props_, indent);
    }
    if (dev->parent_bus) {
        bc = BUS_GET_CLASS(dev->parent_bus);
        if (bc->print_dev) {
            bc->print_dev(out, dev, indent);
        }
    }
    for (GSList *e = dev->child_bus; e; e = e->next) {
        print_bus(out, e->data, indent);
    }
}

static void print_bus(GString *out, BusState *bus, int indent)
{
    g_string_append_printf(out, "%*sbus: %s\n", indent, "", bus->name);
    indent += 2;
    g_string_append_printf(out, "%*stype %s\n", indent, "", object_get_typename(OBJECT(bus)));
    for (GList *e = bus->children; e; e = e->next) {
        print_dev(out, ((BusChild *)e->data)->child, indent);
    }
}

void qdev_print_tree(GString *out)
{
    print_bus(out, sysbus_get_default(), 0);
}
