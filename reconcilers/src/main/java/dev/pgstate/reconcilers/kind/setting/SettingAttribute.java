package dev.pgstate.reconcilers.kind.setting;

import dev.pgstate.reconcilers.core.plan.Attribute;

/** A server parameter has one managed attribute: its value, shown in the parameter's display units. */
public enum SettingAttribute implements Attribute {
    VALUE;

    @Override
    public String key() {
        return "value";
    }
}
